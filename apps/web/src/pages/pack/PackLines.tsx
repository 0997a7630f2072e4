import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { useBoxLabel } from '../../components/carrierName';
import type { PackOrder } from './pack.graphql';
import { lineUnits, type PackedCounts } from './usePackSession';

/** The order's lines: packed / wanted units (⇅ while scans wait for the API), picked units. */
export function PackLines(props: { order: PackOrder; packed: PackedCounts }) {
  const { t, number } = useI18n();
  return (
    <section class="card" aria-labelledby="pack-lines-title">
      <h2 id="pack-lines-title" class="card__title">
        {t('detail.lines')}
      </h2>
      <ul class="pack-lines" data-testid="pack-lines">
        <For each={props.order.lines.filter((l) => lineUnits(l) > 0)}>
          {(line) => {
            const done = () => (props.packed[line.id]?.packed ?? 0) >= lineUnits(line);
            return (
              <li
                class="pack-line"
                classList={{ 'pack-line--done': done() }}
                data-testid="pack-line"
                data-sku={line.sku}
                data-packed={props.packed[line.id]?.packed ?? 0}
              >
                <span class="pack-line__item">
                  <span class="pack-line__name">{line.name}</span>
                  <span class="mono small muted">{line.sku}</span>
                </span>
                <span class="pack-line__counts">
                  <span class="pack-line__packed" data-testid="pack-line-packed">
                    {done() ? '✓ ' : ''}
                    {number(props.packed[line.id]?.packed ?? 0)} / {number(lineUnits(line))}
                    <Show when={(props.packed[line.id]?.pending ?? 0) !== 0}>
                      <span title={t('pick.pendingScan')}> ⇅</span>
                    </Show>
                  </span>
                  <span class="small muted">{t('pack.pickedCount', { count: number(line.quantityPicked) })}</span>
                </span>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}

/** The box for the next parcel (the box presets), as big radio buttons. */
export function BoxChooser(props: {
  presets: { code: string; name: string; lengthMm: number; widthMm: number; heightMm: number }[];
  selected: string | undefined;
  onSelect: (code: string) => void;
}) {
  const { t } = useI18n();
  const boxLabel = useBoxLabel();
  return (
    <Show when={props.presets.length > 0}>
      <div class="field">
        <span class="field__label">{t('pack.box')}</span>
        <div class="box-chooser" role="radiogroup" aria-label={t('pack.box')} data-testid="box-presets">
          <For each={props.presets}>
            {(box) => (
              <button
                type="button"
                role="radio"
                class="box-chooser__item"
                aria-checked={props.selected === box.code}
                data-testid="box-preset"
                data-code={box.code}
                title={box.name}
                onClick={() => props.onSelect(box.code)}
              >
                <strong>{boxLabel(box.code)}</strong>
                {/* Sizes in cm; may wrap after a "×" on a narrow screen rather than spill out. */}
                <span class="box-chooser__dims small">
                  {box.lengthMm / 10}×<wbr />
                  {box.widthMm / 10}×<wbr />
                  {box.heightMm / 10}
                </span>
              </button>
            )}
          </For>
        </div>
      </div>
    </Show>
  );
}
