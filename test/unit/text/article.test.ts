import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { withArticle } from '../../../src/core/text/article';

test('a label takes the article it is said with', () => {
  const cases: [string, string][] = [
    ['OpenAI API key', 'an OpenAI API key'],
    ['IBAN', 'an IBAN'],
    ['US social security number', 'a US social security number'],
    ['IP address', 'an IP address'],
    ['e-mail address', 'an e-mail address'],
    ['GitHub token', 'a GitHub token'],
    ['JSON Web Token', 'a JSON Web Token'],
    ['AWS access key ID', 'an AWS access key ID'],
    ['payment card number', 'a payment card number'],
    ['integer', 'an integer'],
    ['object', 'an object'],
    ['string', 'a string'],
  ];
  for (const [label, said] of cases) assert.equal(withArticle(label), said);
});
