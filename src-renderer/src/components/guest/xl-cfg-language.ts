// A small highlighter for xl/xm guest cfg files (key = value, Python-like literals, # comments),
// as a CodeMirror stream language: no grammar compiler and no eval (CSP, EH-2).
import { HighlightStyle, StreamLanguage, type StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

interface State {
  /** Whether the key of the current line has been read (the rest is its value). */
  afterKey: boolean;
}

export const xlCfg = StreamLanguage.define<State>({
  name: 'xl-cfg',
  startState: () => ({ afterKey: false }),
  token(stream: StringStream, state: State): string | null {
    if (stream.sol()) state.afterKey = false;
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^0x[0-9a-fA-F]+/) || stream.match(/^\d+(?:\.\d+)?/)) return 'number';
    if (!state.afterKey && stream.match(/^[A-Za-z_][\w-]*/)) {
      state.afterKey = true;
      return 'propertyName';
    }
    if (stream.eat('=')) {
      state.afterKey = true;
      return 'operator';
    }
    if (stream.match(/^[[\](),]/)) return 'punctuation';
    if (stream.match(/^[A-Za-z_][\w.]*/)) return 'variableName';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
});

export const lightHighlight = HighlightStyle.define([
  { tag: tags.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: tags.string, color: '#0a7d3b' },
  { tag: tags.number, color: '#b45309' },
  { tag: tags.propertyName, color: '#1f4fb5', fontWeight: '600' },
  { tag: tags.operator, color: '#6b7280' },
  { tag: tags.punctuation, color: '#6b7280' },
]);

export const darkHighlight = HighlightStyle.define([
  { tag: tags.comment, color: '#8b949e', fontStyle: 'italic' },
  { tag: tags.string, color: '#7ee2a8' },
  { tag: tags.number, color: '#f5b86b' },
  { tag: tags.propertyName, color: '#8cb4ff', fontWeight: '600' },
  { tag: tags.operator, color: '#9aa1ab' },
  { tag: tags.punctuation, color: '#9aa1ab' },
]);
