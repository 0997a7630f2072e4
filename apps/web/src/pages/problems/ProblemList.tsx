import type { Accessor } from 'solid-js';
import { useI18n } from '../../i18n';
import { PagedList } from '../../components/PagedList';
import { ProblemRow } from './ProblemRow';
import { PROBLEMS_PAGE, ProblemsQuery, type ProblemsVariables } from './problems.graphql';

interface ListProps {
  now: Accessor<Date>;
  /** Changes when live updates say orders changed: every loaded page refetches in place. */
  liveTick: Accessor<number>;
}

/**
 * The open exceptions as a sequence of pages of PROBLEMS_PAGE: the first page, plus one per "Show
 * more" (its cursor is the previous page's endCursor). Each page is its own query, so none grows
 * past the API's cost limit, and each is cached and refetched on its own (PagedList).
 */
export function ProblemList(props: ListProps) {
  const { t } = useI18n();
  return (
    <PagedList
      query={ProblemsQuery}
      variables={(after): ProblemsVariables => (after ? { first: PROBLEMS_PAGE, after } : { first: PROBLEMS_PAGE })}
      connection={(data) => data.exceptions}
      liveTick={props.liveTick()}
      testId="problems"
      errorTitle={t('problems.error')}
      emptyTitle={t('problems.empty.title')}
      emptyBody={t('problems.empty.body')}
      moreLabel={t('problems.showMore')}
      endLabel={t('problems.end')}
      more={{ errorTitle: t('problems.moreError'), loadingLabel: t('problems.loadingMore') }}
    >
      {(problem) => <ProblemRow problem={problem} now={props.now()} />}
    </PagedList>
  );
}
