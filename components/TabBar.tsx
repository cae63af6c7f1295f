import { TABS } from './tabs';
import { useTab } from '../src/store/tabStore';

/** The row of tabs under the header; the active one is marked for screen readers too. */
export function TabBar() {
  const tab = useTab((s) => s.tab);
  const show = useTab((s) => s.show);
  return (
    <nav className="tab-bar" role="tablist" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t.id}
          role="tab"
          aria-selected={tab === t.id}
          className={tab === t.id ? 'tab active' : 'tab'}
          data-testid={`tab-${t.id}`}
          onClick={() => show(t.id)}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}
