import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import type { Locale } from '../../i18n/types';
import { ReviewReplyTemplatesQuery, type ReplyLocale } from './reviews.graphql';

const REPLY_LOCALE: Record<Locale, ReplyLocale> = { en: 'en', ru: 'ru', 'zh-CN': 'zh_CN' };

/** The reply templates in the viewer's language. */
export function useReplyTemplates() {
  const { locale } = useI18n();
  const [result] = createQuery({
    query: ReviewReplyTemplatesQuery,
    variables: () => ({ locale: REPLY_LOCALE[locale()] }),
    requestPolicy: 'cache-and-network',
  });
  return () => result.data?.reviewReplyTemplates ?? [];
}
