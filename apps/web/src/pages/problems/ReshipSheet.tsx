import { createSignal, For } from 'solid-js';
import { useI18n } from '../../i18n';
import { Stepper } from '../../components/Stepper';
import { FieldError } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { AmountField, parseAmount } from './AmountField';
import { FormSheet, NoteField } from './ExceptionSheets';
import type { ExceptionLine } from './exception.graphql';

export interface ReshipVariables {
  lines: { orderLineId: string; quantity: number }[];
  cost: number | null;
  note: string | null;
}

/**
 * Send a replacement: how many units of each shipped line (all of them to start with; 0 leaves a
 * line out), what it costs the seller, a note. The new order goes through the normal floor flow.
 */
export function ReshipSheet(props: {
  lines: readonly ExceptionLine[];
  currency: string;
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
  onSubmit: (variables: ReshipVariables) => void;
}) {
  const { t } = useI18n();
  const shipped = () => props.lines.filter((l) => l.quantityShipped > 0);
  const [quantities, setQuantities] = createSignal<Record<string, number>>(Object.fromEntries(shipped().map((l) => [l.id, l.quantityShipped])));
  const [cost, setCost] = createSignal('');
  const [note, setNote] = createSignal('');
  const chosen = () => shipped().filter((l) => (quantities()[l.id] ?? 0) > 0);
  return (
    <FormSheet
      {...props}
      title={t('reship.title')}
      submitLabel={t('reship.submit')}
      testid="reship-sheet"
      fields={['quantity', 'orderLineId', 'cost', 'note']}
      onSubmit={() =>
        chosen().length > 0 &&
        props.onSubmit({
          lines: chosen().map((l) => ({ orderLineId: l.id, quantity: quantities()[l.id] })),
          cost: parseAmount(cost(), props.currency),
          note: note().trim() || null,
        })
      }
    >
      <fieldset class="fieldset">
        <legend class="field__label">{t('reship.lines')}</legend>
        <For each={shipped()}>
          {(line) => (
            <div class="reship-line" data-testid="reship-line" data-sku={line.sku}>
              <Stepper
                label={`${line.sku} — ${line.name}`}
                min={0}
                max={line.quantityShipped}
                value={quantities()[line.id] ?? 0}
                onChange={(value) => setQuantities({ ...quantities(), [line.id]: value })}
                data-testid="reship-quantity"
              />
            </div>
          )}
        </For>
        <FieldError errors={props.errors} name="quantity" id="reship-quantity-error" />
        <FieldError errors={props.errors} name="orderLineId" id="reship-line-error" />
      </fieldset>
      <AmountField label={t('reship.cost')} currency={props.currency} name="cost" value={cost()} onInput={setCost} errors={props.errors} testid="reship-cost" />
      <NoteField value={note()} onInput={setNote} errors={props.errors} testid="reship-note" />
    </FormSheet>
  );
}
