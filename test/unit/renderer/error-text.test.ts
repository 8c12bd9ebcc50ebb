// Errors as the user reads them: the title translated by code, the core's sentence (it names
// the host, file or line) under it, the hint translated where the catalogue has one.
import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api';
import { createAppI18n } from '@/i18n';
import { errorText } from '@/composables/useErrorText';
import { disconnected } from '@/api/errors';

function translatorFor(locale: 'en' | 'zh-CN') {
  const { global } = createAppI18n(locale);
  return { t: (k: string) => global.t(k), te: (k: string) => global.te(k) };
}

describe('error text', () => {
  it('a lost connection reads entirely in Chinese in the Chinese UI (no English sentence under it)', () => {
    const text = errorText(disconnected(), translatorFor('zh-CN'));
    expect(text).toEqual({
      title: '与 XenDeck 核心的连接已断开。',
      message: '',
      hint: 'XenDeck 会自动重新连接，请稍后再试。如果一直连不上，请重新运行 `npm run web` 并打开它输出的新地址。',
    });
  });

  it('a core error keeps its own sentence (it names what failed) under the translated title', () => {
    const err = new ApiError({ code: 'INVALID_INPUT', message: 'The input of diagnostics.echo is not valid: text: Too big.' });
    const text = errorText(err, translatorFor('en'));
    expect(text.title).toBe('The request was refused because its input is not valid.');
    expect(text.message).toBe('The input of diagnostics.echo is not valid: text: Too big.');
  });

  it('an unknown code falls back to the generic title and the error own hint', () => {
    const err = new ApiError({ code: 'COMMAND_FAILED', message: 'xl list failed on dom0-a.', hint: 'Check xl on the host.' });
    const text = errorText(err, translatorFor('en'));
    expect(text.message).toBe('xl list failed on dom0-a.');
    expect(text.hint).toBe('Check xl on the host.');
    expect(text.title).not.toBe('');
  });

  it('a changed host key: the translated hint, then the core hint naming the known_hosts line to fix (ST-3)', () => {
    const coreHint = 'If the host was reinstalled, remove the old key with `ssh-keygen -R 10.0.0.5` (it is at /home/u/.ssh/known_hosts:3).';
    const err = new ApiError({ code: 'HOST_KEY_CHANGED', message: 'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for dom0-a.', hint: coreHint });
    const zh = errorText(err, translatorFor('zh-CN'));
    expect(zh.hint?.endsWith(coreHint)).toBe(true);
    expect(zh.hint?.length).toBeGreaterThan(coreHint.length + 1);
    // other codes keep the catalogue's hint alone
    const other = errorText(new ApiError({ code: 'RATE_LIMITED', message: 'x', hint: 'core words' }), translatorFor('en'));
    expect(other.hint).not.toContain('core words');
  });
});
