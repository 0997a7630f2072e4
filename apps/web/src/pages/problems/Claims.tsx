import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import type { ExceptionClaim, ExceptionDetail } from './exception.graphql';

/** The claims filed with the carrier: status, amount asked and paid, the carrier's number; the next step of each. */
export function Claims(props: { exception: ExceptionDetail; now: Date; onUpdate?: (claim: ExceptionClaim) => void }) {
  const { t, money, dateTime } = useI18n();
  return (
    <Show when={(props.exception.claims ?? []).length > 0}>
      <section class="card" aria-labelledby="claims-title" data-testid="claims">
        <h2 id="claims-title" class="card__title">
          {t('claim.title')}
        </h2>
        <ul class="plain-list">
          <For each={props.exception.claims ?? []}>
            {(claim) => (
              <li class="evidence" data-testid="claim" data-status={claim.status}>
                <div class="order-row__head">
                  <strong data-testid="claim-amount-claimed">{money(claim.amountClaimed)}</strong>
                  <span class="order-row__spacer" />
                  <span class="badge tone-moving" data-testid="claim-status-badge">
                    {t(`claimStatus.${claim.status}`)}
                  </span>
                </div>
                <p class="muted">
                  {claim.reference ? `${t('claim.reference')}: ${claim.reference} · ` : ''}
                  {dateTime(claim.createdAt, props.now)}
                  <Show when={claim.amountPaid}>{(paid) => ` · ${t('claim.amountPaid')}: ${money(paid())}`}</Show>
                </p>
                <Show when={claim.note}>
                  <p class="exception-note">{claim.note}</p>
                </Show>
                <Show when={props.onUpdate && claim.status !== 'PAID' && claim.status !== 'REJECTED'}>
                  <button type="button" class="button button--wide" data-testid="claim-update" onClick={() => props.onUpdate?.(claim)}>
                    {t('claim.update')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
