import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { documentUrl, downloadUrl, openInNewTab } from '../../lib/documents';
import { ExceptionEvidenceFileQuery, type AddedEvidence } from './exception.graphql';

/** A photo staff added, loaded on its own (the exception's query stays light). */
function EvidenceImage(props: { id: string; alt: string }) {
  const { t } = useI18n();
  const [file] = createQuery({ query: ExceptionEvidenceFileQuery, variables: () => ({ id: props.id }) });
  return (
    <Switch>
      <Match when={file.data?.exceptionEvidenceFile}>
        {(doc) => (
          <img class="evidence__photo" data-testid="evidence-item-photo" src={`data:${doc().contentType};base64,${doc().content}`} alt={props.alt} loading="lazy" />
        )}
      </Match>
      <Match when={file.error || (file.data && !file.data.exceptionEvidenceFile)}>
        <p class="muted">{t('evidence.fileError')}</p>
      </Match>
    </Switch>
  );
}

/** A document staff added: fetched when opened, shown in the browser's viewer (or saved when pop-ups are blocked). */
function EvidenceDocument(props: { id: string; name: string }) {
  const { t } = useI18n();
  const client = useClient();
  const [failed, setFailed] = createSignal(false);
  const open = async () => {
    setFailed(false);
    const result = await client.query(ExceptionEvidenceFileQuery, { id: props.id }, { requestPolicy: 'network-only' }).toPromise();
    const doc = result.data?.exceptionEvidenceFile;
    if (!doc) {
      setFailed(true);
      return;
    }
    const url = documentUrl({ ...doc, encoding: 'BASE64' });
    if (!openInNewTab(url)) downloadUrl(url, doc.filename);
  };
  return (
    <>
      <button type="button" class="button" data-testid="evidence-item-open" onClick={() => void open()}>
        {t('evidence.open', { name: props.name })}
      </button>
      <Show when={failed()}>
        <p class="muted" role="alert">
          {t('evidence.fileError')}
        </p>
      </Show>
    </>
  );
}

/** What staff added to the evidence (addExceptionEvidence): photos, documents, notes, each with who and when. */
export function AddedEvidence(props: { items: readonly AddedEvidence[]; now: Date }) {
  const { t, dateTime } = useI18n();
  const who = (item: AddedEvidence) => item.addedBy?.name ?? t('evidence.apiKey');
  return (
    <Show when={props.items.length > 0}>
      <h3 class="evidence__title">{t('evidence.addedTitle')}</h3>
      <ul class="evidence-list" data-testid="evidence-added">
        <For each={props.items}>
          {(item) => (
            <li class="evidence" data-testid="evidence-item" data-kind={item.kind}>
              <span class="badge">{t(`evidenceKind.${item.kind}`)}</span>
              <Show when={item.kind === 'PHOTO' || (item.kind === 'DOCUMENT' && item.contentType?.startsWith('image/'))}>
                <EvidenceImage id={item.id} alt={t('evidence.staffPhoto', { name: who(item) })} />
              </Show>
              <Show when={item.contentType === 'application/pdf'}>
                <EvidenceDocument id={item.id} name={item.fileName ?? ''} />
              </Show>
              <Show when={item.note}>
                <p class="exception-note" data-testid="evidence-item-note">
                  {item.note}
                </p>
              </Show>
              <p class="small muted" data-testid="evidence-item-by">
                {t('evidence.addedBy', { name: who(item), time: dateTime(item.createdAt, props.now) })}
              </p>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
