// The baseline process of bench/scale.js: N requests with c workers over raw node:http keep-alive
// sockets to the loopback server, and nothing else (no parse, no engine, no artifact).
//   node bench/scale-floor.js BASE_URL N C
// Also required by bench/scale.js (sendAll), as the in-process floor of the stall figure.
const http = require('node:http');

/** One request; `request` is node:http's own unless given (the editor bench's unpatched one). */
function send(baseURL, agent, i, request = http.request) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content: `Say hello to Person${i}.` }],
    });
    const req = request(
      `${baseURL}/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** N requests, c at a time, each awaited: resolves when all are answered. */
async function sendAll(baseURL, n, c, onAnswer = () => {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  let next = 0;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) onAnswer(await send(baseURL, agent, next++));
    }),
  );
  agent.destroy();
}

module.exports = { send, sendAll };

if (require.main === module)
  sendAll(process.argv[2], Number(process.argv[3]), Number(process.argv[4]));
