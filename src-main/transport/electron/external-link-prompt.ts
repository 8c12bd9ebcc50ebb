// EH-4: the confirmation shown before a link leaves the app, with the URL in full. Main-process
// text cannot use the renderer's vue-i18n, so its two languages live here.
export interface LinkPrompt {
  message: string;
  open: string;
  cancel: string;
}

const TEXT: Record<'en' | 'zh-CN', LinkPrompt> = {
  en: { message: 'Open this link in your browser?', open: 'Open', cancel: 'Cancel' },
  'zh-CN': { message: '在浏览器中打开此链接？', open: '打开', cancel: '取消' },
};

export function linkPrompt(locale: string): LinkPrompt {
  return locale.toLowerCase().startsWith('zh') ? TEXT['zh-CN'] : TEXT.en;
}
