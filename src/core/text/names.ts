/** A few names for a message, the rest counted: "a, b, c, d, e and 3 more". */
export function someNames(names: readonly string[], shown = 5): string {
  return names.length <= shown
    ? names.join(', ')
    : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
