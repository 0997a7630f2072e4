import { useI18n, type TextKey } from '../i18n';

const KNOWN_CARRIERS = ['ozon', 'cdek', 'pochta'] as const;
const KNOWN_BOXES = ['BAG'] as const;

/**
 * A carrier's name in the reader's language for the carriers we set up (the API's name, in
 * Russian, is the carrier's own brand name); any other carrier as the API names it.
 */
export function useCarrierName() {
  const { t } = useI18n();
  return (carrier: { code: string; name: string } | null | undefined) =>
    !carrier ? '' : (KNOWN_CARRIERS as readonly string[]).includes(carrier.code) ? t(`carrier.${carrier.code}` as TextKey) : carrier.name;
}

/** A box preset's short label: sizes S/M/L are codes everyone reads; "BAG" is a word, translated. */
export function useBoxLabel() {
  const { t } = useI18n();
  return (code: string) => ((KNOWN_BOXES as readonly string[]).includes(code) ? t(`pack.boxName.${code}` as TextKey) : code);
}

/** Inline carrier name (see useCarrierName). */
export function CarrierName(props: { carrier: { code: string; name: string } | null | undefined }) {
  const name = useCarrierName();
  return <>{name(props.carrier)}</>;
}
