// Printing is concatenation: the token list covers every byte of the text it was lexed from.
import type { CfgDocument } from './cst';

export function print(doc: CfgDocument): string {
  let out = '';
  for (const t of doc.tokens) out += doc.text.slice(t.start, t.end);
  return out;
}

/** The exact source text of one token. */
export function tokenText(doc: CfgDocument, index: number): string {
  const t = doc.tokens[index];
  return t ? doc.text.slice(t.start, t.end) : '';
}
