export { lintCfg, type LintInput } from './lint';
export { LINT_MESSAGES, lintMessagesByLocale, renderMessage, type LintCode } from './messages';
export { isLoopback } from './rules/display';
