// The large prompt of the lint benchmarks (bench/lint.js, bench/scale.js): templates, loops, roles.
function bigPrompt(lines) {
  const header =
    '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    customer: string\n    docs(array):\n      title: string\n      text: string\n    question: string\n---\n';
  const body = [];
  for (let i = 0; body.length < lines - 10; i++) {
    body.push(
      i % 50 === 0
        ? `{{role "${i % 100 === 0 ? 'system' : 'user'}"}}`
        : i % 7 === 0
          ? '{{#each docs as |d|}}[{{@index}}] {{d.title}}: {{d.text}}{{/each}}'
          : i % 5 === 0
            ? `Answer {{customer}} about {{question}} using the documents above, line ${i}.`
            : `Plain instruction text for line ${i}: be concise, cite sources, and never guess.`,
    );
  }
  return header + body.join('\n') + '\n';
}

module.exports = { bigPrompt };
