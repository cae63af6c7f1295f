import { Header } from './Header';
import { WorldView } from './world/WorldView';
import { ShiftControls } from './shift/ShiftControls';
import { LearnerKnobs } from './learner/LearnerKnobs';
import { MessagesPanel } from './MessagesPanel';
import { SuccessChart } from './charts/SuccessChart';
import { ActionChart } from './charts/ActionChart';
import { PosteriorChart } from './charts/PosteriorChart';
import { AttentionChart } from './charts/AttentionChart';

/**
 * The whole lab on one screen: world and controls on the left, four live charts on the right.
 * Success and posterior share a column, so their common time axes line up.
 */
export function App() {
  return (
    <div className="app">
      <Header />
      <main className="layout">
        <div className="side">
          <WorldView />
          <ShiftControls />
          <LearnerKnobs />
          <MessagesPanel />
        </div>
        <div className="charts">
          <SuccessChart />
          <ActionChart />
          <PosteriorChart />
          <AttentionChart />
        </div>
      </main>
    </div>
  );
}
