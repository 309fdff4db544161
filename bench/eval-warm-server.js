// The loopback server of bench/eval-warm.js, in a process of its own: answers after 50 ms.
const { startFakeOpenAI } = require('../out/test/support/openai-server');

startFakeOpenAI((request) => ({
  text: `Hello ${request.body.messages.at(-1).content.replace(/^Say hello to |\.$/g, '')}`,
  delayMs: 50,
})).then((server) => process.send(server.baseURL));
