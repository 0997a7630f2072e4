import { createSignal, Index, Match, Show, Switch } from 'solid-js';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { ReviewPhotoFileQuery, type ReviewDetail } from './reviews.graphql';

type Shown = { src: string; alt: string };

/**
 * The buyer's photos: those uploaded to Orderly (each loaded on its own) and those the channel
 * hosts, as thumbnails; a tap opens one full size in a sheet.
 */
export function ReviewPhotos(props: { review: ReviewDetail }) {
  const { t } = useI18n();
  const [shown, setShown] = createSignal<Shown>();
  const uploaded = () => props.review.photos.length;
  return (
    <Show when={uploaded() + props.review.photoUrls.length > 0}>
      <h2 class="section-title">{t('reviews.photos')}</h2>
      <ul class="review-photos" data-testid="review-photos">
        <Index each={props.review.photos}>{(photo, i) => <UploadedThumb id={photo().id} n={i + 1} onOpen={setShown} />}</Index>
        <Index each={props.review.photoUrls}>{(url, i) => <Thumb src={url()} n={uploaded() + i + 1} onOpen={setShown} />}</Index>
      </ul>
      <Show when={shown()}>
        {(photo) => (
          <Sheet title={photo().alt} closeLabel={t('reviews.close')} onClose={() => setShown(undefined)} data-testid="review-photo-full">
            <img class="review-photo-full" src={photo().src} alt={photo().alt} />
          </Sheet>
        )}
      </Show>
    </Show>
  );
}

/** One thumbnail: a button (44 px and up) that opens the photo full size. */
function Thumb(props: { src: string; n: number; onOpen: (photo: Shown) => void }) {
  const { t } = useI18n();
  const alt = () => t('reviews.photo', { n: props.n });
  return (
    <li>
      <button
        type="button"
        class="review-photos__thumb"
        aria-label={t('reviews.openPhoto', { n: props.n })}
        onClick={() => props.onOpen({ src: props.src, alt: alt() })}
        data-testid="review-photo"
      >
        <img src={props.src} alt={alt()} loading="lazy" />
      </button>
    </li>
  );
}

/** A photo uploaded with the review: its file fetched on its own, then a thumbnail. */
function UploadedThumb(props: { id: string; n: number; onOpen: (photo: Shown) => void }) {
  const { t } = useI18n();
  const [file] = createQuery({ query: ReviewPhotoFileQuery, variables: () => ({ id: props.id }) });
  return (
    <Switch>
      <Match when={file.data?.reviewPhotoFile}>{(doc) => <Thumb src={`data:${doc().contentType};base64,${doc().content}`} n={props.n} onOpen={props.onOpen} />}</Match>
      <Match when={file.error || (file.data && !file.data.reviewPhotoFile)}>
        <li class="muted" data-testid="review-photo-error">
          {t('reviews.photoError')}
        </li>
      </Match>
    </Switch>
  );
}
