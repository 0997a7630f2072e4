import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { createFrameDecoder } from './detector';

const FRAME_INTERVAL_MS = 120;

/**
 * Camera scanning: the rear camera (getUserMedia) into a <video>, frames copied to a canvas and
 * decoded in a loop until a code is found. Stops the camera when closed.
 */
export default function CameraScanner(props: { onDetected: (code: string) => void }) {
  const { t } = useI18n();
  let video: HTMLVideoElement | undefined;
  const canvas = document.createElement('canvas');
  const [state, setState] = createSignal<'starting' | 'scanning' | 'denied' | 'unavailable'>('starting');
  let stream: MediaStream | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  onMount(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unavailable');
      return;
    }
    try {
      const [media, decoder] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false }),
        createFrameDecoder(),
      ]);
      stream = media;
      if (stopped || !video) return void media.getTracks().forEach((track) => track.stop());
      video.srcObject = media;
      await video.play().catch(() => {});
      setState('scanning');
      const context = canvas.getContext('2d', { willReadFrequently: true });
      const tick = async () => {
        if (stopped || !video || !context) return;
        if (video.readyState >= 2 && video.videoWidth > 0) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0);
          try {
            const code = await decoder.decode(context.getImageData(0, 0, canvas.width, canvas.height), canvas);
            if (code && !stopped) {
              stopped = true;
              props.onDetected(code);
              return;
            }
          } catch {
            // a bad frame: try the next one
          }
        }
        timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
      };
      void tick();
    } catch (error) {
      setState((error as { name?: string })?.name === 'NotAllowedError' ? 'denied' : 'unavailable');
    }
  });

  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
    stream?.getTracks().forEach((track) => track.stop());
  });

  return (
    <div class="camera" data-testid="camera-scanner" data-state={state()}>
      <video ref={video} class="camera__video" playsinline muted autoplay />
      <div class="camera__aim" aria-hidden="true" />
      <p class="camera__hint" role="status">
        <Show when={state() === 'starting'}>{t('scan.cameraStarting')}</Show>
        <Show when={state() === 'scanning'}>{t('scan.cameraHint')}</Show>
        <Show when={state() === 'denied'}>{t('scan.cameraDenied')}</Show>
        <Show when={state() === 'unavailable'}>{t('scan.cameraUnavailable')}</Show>
      </p>
    </div>
  );
}
