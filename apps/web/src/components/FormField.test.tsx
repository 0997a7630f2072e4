import { describe, expect, it } from 'vitest';
import { createSignal } from 'solid-js';
import { render, screen } from '@solidjs/testing-library';
import axe from 'axe-core';
import { createI18n, I18nProvider } from '../i18n';
import type { UserError } from '../graphql/types';
import { FormField } from './FormField';

describe('FormField', () => {
  it('labels its control, links the hint and the refusal about it, and follows new answers — axe-clean', async () => {
    const [errors, setErrors] = createSignal<UserError[]>([]);
    const { container } = render(() => (
      <I18nProvider i18n={createI18n('ru')}>
        <form>
          <FormField id="f-host" label="Адрес" hint="IP или имя" errors={errors()} name="host" controlClass="mono">
            {(control) => <input {...control} data-testid="host" />}
          </FormField>
          <FormField id="f-port" label="Порт" invalid={errors().length > 0}>
            {(control) => <input {...control} data-testid="port" />}
          </FormField>
        </form>
      </I18nProvider>
    ));
    const host = screen.getByTestId('host');
    expect(screen.getByLabelText('Адрес')).toBe(host);
    expect(host.className).toBe('field__control mono');
    expect(host.getAttribute('aria-invalid')).toBe('false');
    expect(host.getAttribute('aria-describedby')).toBe('f-host-hint');
    expect(document.getElementById('f-host-hint')!.textContent).toBe('IP или имя');
    expect(screen.getByTestId('port').hasAttribute('aria-describedby')).toBe(false);

    setErrors([{ code: 'INVALID_INPUT', field: ['input', 'host'], message: 'Not a host name' }]);
    expect(host.getAttribute('aria-invalid')).toBe('true');
    expect(host.classList.contains('field__control--invalid')).toBe(true);
    expect(host.getAttribute('aria-describedby')).toBe('f-host-hint f-host-error');
    expect(document.getElementById('f-host-error')!.textContent).toContain('Некоторые данные указаны неверно.');
    // Marked without a text of its own (the refusal is listed by the form).
    expect(screen.getByTestId('port').getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('f-port-error')).toBeNull();

    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);

    setErrors([]);
    expect(host.getAttribute('aria-invalid')).toBe('false');
    expect(document.getElementById('f-host-error')).toBeNull();
  });
});
