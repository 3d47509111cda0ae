/**
 * Compares translation catalogs: same keys (nested), same plural shape, same `{{variables}}` and `<tags>`.
 * Plural forms follow each language's Intl.PluralRules categories (English: one/other, Japanese: other only),
 * so a key that is plural in one catalog must be plural in the other, with exactly its language's forms.
 */

/** A catalog: nested objects of strings. */
export type CatalogTree = { readonly [key: string]: string | CatalogTree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf as dotted key → text. */
export function flatten(tree: CatalogTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** One message: its plural forms (empty when not plural) and every form's text. */
interface Entry {
  readonly forms: Set<string>;
  readonly texts: string[];
}

/** Groups plural forms under their base key. */
function entries(tree: CatalogTree): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [key, text] of flatten(tree)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const e = out.get(base) ?? { forms: new Set<string>(), texts: [] };
    if (m) e.forms.add(m[1]!);
    e.texts.push(text);
    out.set(base, e);
  }
  return out;
}

/** The `{{name}}` variables of a text (format suffixes like `, number` dropped). */
export function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!);
}

/** The `<tag>` names a text hands to <Trans> components. */
export function tags(text: string): string[] {
  return [...text.matchAll(/<\/?([a-zA-Z][\w-]*)\s*\/?>/g)].map((m) => m[1]!);
}

const set = (xs: Iterable<string>): string => [...new Set(xs)].sort().join(', ');

/** Problems found comparing `other` (in language `otherLang`) with the reference catalog; empty when they match. */
export function compareCatalogs(reference: CatalogTree, refLang: string, other: CatalogTree, otherLang: string): string[] {
  const problems: string[] = [];
  const ref = entries(reference);
  const oth = entries(other);
  const categories = (lang: string) => new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);
  for (const [lang, catalog] of [[refLang, ref], [otherLang, oth]] as const) {
    const allowed = categories(lang);
    for (const [key, e] of catalog) {
      if (e.forms.size > 0 && set(e.forms) !== set(allowed)) {
        problems.push(`${lang}: ${key} has plural forms [${set(e.forms)}] but ${lang} needs [${set(allowed)}]`);
      }
    }
  }
  for (const key of ref.keys()) if (!oth.has(key)) problems.push(`${otherLang}: missing ${key}`);
  for (const key of oth.keys()) if (!ref.has(key)) problems.push(`${refLang}: missing ${key} (only in ${otherLang})`);
  for (const [key, a] of ref) {
    const b = oth.get(key);
    if (!b) continue;
    if ((a.forms.size > 0) !== (b.forms.size > 0)) problems.push(`${key}: plural in one catalog only`);
    const [va, vb] = [set(a.texts.flatMap(variables)), set(b.texts.flatMap(variables))];
    if (va !== vb) problems.push(`${key}: variables {${va}} in ${refLang} but {${vb}} in ${otherLang}`);
    const [ta, tb] = [set(a.texts.flatMap(tags)), set(b.texts.flatMap(tags))];
    if (ta !== tb) problems.push(`${key}: tags <${ta}> in ${refLang} but <${tb}> in ${otherLang}`);
    for (const t of [...a.texts, ...b.texts]) if (!t.trim()) problems.push(`${key}: empty text`);
  }
  return problems;
}
