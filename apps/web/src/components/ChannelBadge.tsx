import { useI18n } from '../i18n';

/** Sales channel: "ozon" / "manual" are translated; any other channel is shown as sent by the API. */
export function ChannelBadge(props: { channel: string }) {
  const { t } = useI18n();
  const key = () => props.channel.toLowerCase();
  const label = () => (key() === 'ozon' ? t('channel.ozon') : key() === 'manual' ? t('channel.manual') : props.channel);
  return (
    <span class={`badge badge--channel channel-${key() === 'ozon' || key() === 'manual' ? key() : 'other'}`} data-testid="order-channel" data-channel={props.channel}>
      {label()}
    </span>
  );
}
