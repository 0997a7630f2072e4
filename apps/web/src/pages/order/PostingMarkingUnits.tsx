import { For, Show } from 'solid-js';
import { useI18n, type TextKey } from '../../i18n';
import type { MarketplacePosting } from './marketplacePosting.graphql';

type Code = MarketplacePosting['markingCodes'][number];
type UnitState = 'missing' | 'notSent' | 'checking' | 'passed' | 'refused';

/** Where one unit's code stands: none yet, scanned but not with Ozon, with Ozon (checking, accepted) or refused. */
function unitState(code: Code | undefined, exemplarStatus: string | null | undefined): UnitState {
  if (!code) return 'missing';
  if (code.ozonErrors.length > 0 || code.ozonStatus === 'refused') return 'refused';
  if (code.ozonStatus === 'passed') return 'passed';
  return exemplarStatus === 'validation_in_process' ? 'checking' : 'notSent';
}

/**
 * The posting's "Честный ЗНАК" codes per product and unit (order detail, read only — codes are
 * scanned at the pack station): which units have their code, which still miss one, and whether
 * Ozon has it (not sent yet, checking, accepted, refused with Ozon's reason).
 */
export function PostingMarkingUnits(props: { posting: MarketplacePosting }) {
  const { t, number } = useI18n();
  const items = () => props.posting.requirementStates.find((s) => s.code === 'MARKING_CODES')?.items ?? [];
  const codesOf = (sku: string) => props.posting.markingCodes.filter((c) => c.sku === sku);
  return (
    <Show when={items().length > 0}>
      <h3 class="marketplace-posting__subtitle">{t('ozon.marking.title')}</h3>
      <For each={items()}>
        {(item) => (
          <div data-testid="posting-marking-product" data-sku={item.sku} data-missing={item.missing}>
            <p class="small">{t('marking.codes', { sku: item.sku, done: number(item.done), required: number(item.required) })}</p>
            <ol class="pack-lines">
              <For each={Array.from({ length: Math.max(item.required, codesOf(item.sku).length) }, (_, n) => n)}>
                {(n) => {
                  const code = () => codesOf(item.sku)[n];
                  const state = () => unitState(code(), props.posting.exemplarStatus);
                  return (
                    <li class="pack-line" classList={{ 'pack-line--done': state() === 'passed' }} data-testid="posting-marking-unit" data-state={state()}>
                      <span class="pack-line__item">
                        <span>{t('marking.unit', { n: number(n + 1) })}</span>
                        <Show when={code()}>{(c) => <span class="mono small">{c().code}</span>}</Show>
                        <span class="small" classList={{ muted: state() !== 'refused' }} data-testid="posting-marking-state">
                          {state() === 'refused' ? t('marking.refused', { errors: code()!.ozonErrors.join(', ') || '—' }) : t(`ozon.marking.${state()}` as TextKey)}
                        </span>
                      </span>
                    </li>
                  );
                }}
              </For>
            </ol>
          </div>
        )}
      </For>
    </Show>
  );
}
