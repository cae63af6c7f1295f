import { Header } from './Header';
import { TabBar } from './TabBar';
import { WorldView } from './world/WorldView';
import { ShiftControls } from './shift/ShiftControls';
import { LearnerKnobs } from './learner/LearnerKnobs';
import { LearnerSelect } from './compare/LearnerSelect';
import { ExportPanel } from './export/ExportPanel';
import { MessagesPanel } from './MessagesPanel';
import { SuccessChart } from './charts/SuccessChart';
import { ActionChart } from './charts/ActionChart';
import { PosteriorChart } from './charts/PosteriorChart';
import { AttentionChart } from './charts/AttentionChart';
import { AttentionPanel } from './attention/AttentionPanel';
import { SoftmaxLab } from './softmax/SoftmaxLab';
import { PosteriorPanel } from './posterior/PosteriorPanel';
import { CalibrationPanel } from './calibration/CalibrationPanel';
import { ComparePanel } from './compare/ComparePanel';
import { useTab } from '../src/store/tabStore';
import type { TabId } from './tabs';

/** The live view: the four charts that share one time axis. */
function LiveCharts() {
  return (
    <>
      <SuccessChart />
      <ActionChart />
      <PosteriorChart />
      <AttentionChart />
    </>
  );
}

const PANELS: Record<TabId, () => React.JSX.Element> = {
  live: LiveCharts,
  attention: AttentionPanel,
  softmax: SoftmaxLab,
  posterior: PosteriorPanel,
  calibration: CalibrationPanel,
  compare: ComparePanel,
};

/**
 * The whole lab: world and controls on the left (always there, so a shift can be injected
 * from any view), and on the right the chosen tab.
 */
export function App() {
  const tab = useTab((s) => s.tab);
  const Panel = PANELS[tab];
  return (
    <div className="app">
      <Header />
      <TabBar />
      <main className="layout">
        <div className="side">
          <WorldView />
          <ShiftControls />
          <LearnerKnobs />
          <LearnerSelect />
          <ExportPanel />
          <MessagesPanel />
        </div>
        <div className={tab === 'live' ? 'charts' : 'tab-view'} role="tabpanel">
          <Panel />
        </div>
      </main>
    </div>
  );
}
