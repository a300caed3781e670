// A page whose resource could not be loaded: the reason in words and a way out.
import { errorMessage, t } from '../lib/i18n.ts';

export function LoadError(props: { code: string }) {
  return (
    <div class="card" role="alert">
      <p>{errorMessage({ code: props.code })}</p>
      <p>
        <a href="/archive">{t('common.backToList')}</a>
      </p>
    </div>
  );
}
