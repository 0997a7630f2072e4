import { createSignal, For } from 'solid-js';
import { useI18n } from '../../i18n';
import { FieldError } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { FormSheet } from './ExceptionSheets';
import { CONTACT_TEMPLATES, type ContactBuyerTemplate } from './problems.graphql';

/** Write to the buyer from a template (sent in the buyer's language; nothing typed here reaches them). */
export function ContactSheet(props: { errors: readonly UserError[]; busy: boolean; onClose: () => void; onSubmit: (template: ContactBuyerTemplate) => void }) {
  const { t } = useI18n();
  const [template, setTemplate] = createSignal<ContactBuyerTemplate>('DELIVERY_DELAYED');
  return (
    <FormSheet
      {...props}
      title={t('contact.title')}
      submitLabel={t('contact.submit')}
      testid="contact-sheet"
      fields={['template']}
      onSubmit={() => props.onSubmit(template())}
    >
      <label class="field">
        <span class="field__label">{t('contact.template')}</span>
        <select class="field__control" data-testid="contact-template" value={template()} onChange={(e) => setTemplate(e.currentTarget.value as ContactBuyerTemplate)}>
          <For each={CONTACT_TEMPLATES}>{(tpl) => <option value={tpl}>{t(`contactTemplate.${tpl}`)}</option>}</For>
        </select>
        <FieldError errors={props.errors} name="template" id="contact-template-error" />
      </label>
      <p class="muted">{t(`contactTemplate.${template()}.hint`)}</p>
    </FormSheet>
  );
}
