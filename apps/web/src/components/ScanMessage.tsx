import { ScanFeedback } from './ScanFeedback';

export interface ScanNotice {
  kind: 'ok' | 'error' | 'info';
  text: string;
  /** An error code (userError) for tests and support. */
  code?: string;
  detail?: string;
  /** What to do now (e.g. "Put 2 units back in B-01-1-3"). */
  next?: string;
}

/**
 * The answer to the last scan, in words (green / red / neutral): shown in the fixed feedback area
 * above the tab bar (components/ScanFeedback), visible on the smallest screen without scrolling.
 */
export function ScanMessage(props: { notice: ScanNotice | undefined; 'data-testid'?: string }) {
  return <ScanFeedback notice={props.notice} data-testid={props['data-testid']} />;
}
