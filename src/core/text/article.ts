/**
 * A noun with its indefinite article, by how it is said: "an IBAN", "an OpenAI API key",
 * "an e-mail address", "a US social security number", "a GitHub token".
 */
export function withArticle(label: string): string {
  const acronym = /^[A-Z]{2,}\b/.exec(label)?.[0];
  const vowelSound = acronym ? 'AEFHILMNORSX'.includes(acronym[0]!) : /^[aeiou]/i.test(label);
  return `${vowelSound ? 'an' : 'a'} ${label}`;
}
