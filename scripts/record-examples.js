// Writes examples/.promptops/recordings: hand-written sample answers (this machine reaches no
// model), served by the test suite's loopback OpenAI-compatible server and recorded by the real
// CLI with `eval --record`, so the recordings have exactly the keys a live run would have.
// Run after `npm run build && npm run compile-tests`:  node scripts/record-examples.js
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { startFakeOpenAI, lastUserText } = require('../out/test/support/openai-server');
const { countTokens } = require('../out/src/core/eval/tokenizer');

const ANSWERS = [
  [
    'Subject: Charged twice this month',
    '{"category":"billing","priority":"high","summary":"Pro customer was billed twice on the 3rd and asks for the duplicate charge to be refunded.","needsHuman":true}',
  ],
  [
    'Subject: Dashboard down for our whole team',
    '{"category":"bug","priority":"high","summary":"Enterprise organisation cannot load the dashboard since 09:00 (error 502).","needsHuman":true}',
  ],
  [
    'Subject: Dark mode?',
    '{"category":"feature-request","priority":"low","summary":"Free-plan user asks whether a dark theme for the editor is planned.","needsHuman":false}',
  ],
  // summarize.terse.prompt, the variant of summarize.prompt: before the base's needles, which it also contains.
  [
    'Summarise "Release 4.2" tersely',
    '- Offline mode is here.\n- Starts 40% faster.\n- Legacy export API removed.',
  ],
  [
    'Summarise "Incident 2291" tersely',
    '- Database failover Tuesday, 14:02 UTC.\n- Writes rejected for 11 minutes.\n- No records lost; replica disk was full.',
  ],
  [
    'Summarise "Release 4.2"',
    '- Offline mode is now available.\n- Apps start up to 40% faster.\n- The legacy export API is gone: move to /v2/export.',
  ],
  [
    'Summarise "Incident 2291"',
    '- The primary database failed over on Tuesday at 14:02 UTC.\n- Writes were rejected for 11 minutes; no records were lost.\n- Cause: a full disk on the replica.',
  ],
  [
    'How long do I have to ask for a refund?',
    'You can ask for a refund within 30 days of purchase [0].',
  ],
  ['Do you ship to Mars?', "I don't know from these documents."],
];

/**
 * weather.prompt (tools) and support.prompt (a conversation): the model's side of each exchange.
 * A first weather request asks for getWeather; the request carrying its result (a `tool` message)
 * gets the answer. Support answers the last user turn.
 */
function conversationalReply(body) {
  const last = body.messages.at(-1);
  if (body.tools?.length) {
    if (last?.role === 'tool') {
      const result = JSON.parse(last.content);
      return result.error
        ? `Sorry, I couldn't get the weather for that city (${result.error}).`
        : `It is ${result.tempC}°C and ${result.sky} there right now.`;
    }
    const city = /weather in (.+?) right now/.exec(lastUserText(body))?.[1] ?? '';
    return { toolCalls: [{ id: 'call_weather_1', name: 'getWeather', arguments: { city } }] };
  }
  const user = lastUserText(body);
  if (user === 'It arrived broken')
    return "I'm sorry order 123 arrived broken! I can send a replacement or give you a full refund.";
  if (user === 'Refund please')
    return 'Done: a full refund for order 123 is on its way; you will see it within 5 days.';
  return undefined;
}

async function main() {
  const server = await startFakeOpenAI((request, index) => {
    const conversational = conversationalReply(request.body);
    if (conversational !== undefined) {
      const reply = typeof conversational === 'string' ? { text: conversational } : conversational;
      const text = reply.text ?? '';
      return {
        ...reply,
        usage: {
          prompt_tokens: countTokens(JSON.stringify(request.body.messages)),
          completion_tokens: Math.max(1, countTokens(text || JSON.stringify(reply.toolCalls))),
        },
        delayMs: 300 + ((index * 137) % 400),
      };
    }
    const user = request.body.messages
      .map((m) => (typeof m.content === 'string' ? m.content : ''))
      .join('\n');
    const answer = ANSWERS.find(([needle]) => user.includes(needle));
    if (!answer)
      return {
        status: 400,
        body: {
          error: { message: `no sample answer for: ${lastUserText(request.body).slice(0, 80)}` },
        },
      };
    const prompt =
      countTokens(
        request.body.messages
          .map((m) => (typeof m.content === 'string' ? m.content : ''))
          .join('\n'),
      ) +
      4 * request.body.messages.length;
    return {
      text: answer[1],
      usage: { prompt_tokens: prompt, completion_tokens: countTokens(answer[1]) },
      delayMs: 450 + ((index * 137) % 500),
    };
  });
  const examples = path.join(__dirname, '..', 'examples');
  fs.rmSync(path.join(examples, '.promptops', 'recordings'), { recursive: true, force: true });
  // Asynchronously: the server answering the CLI lives in this process.
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'dist', 'cli.js'), 'eval', '--record', '--no-cache'],
    {
      cwd: examples,
      stdio: 'inherit',
      env: {
        ...process.env,
        OPENAI_BASE_URL: server.baseURL,
        OPENAI_API_KEY: 'sample-recordings-need-no-key',
      },
    },
  );
  const result = { status: await new Promise((resolve) => child.on('exit', resolve)) };
  await server.close();
  // Mark every recording as a sample, so nobody mistakes it for a model's answer.
  const walk = (dir) =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(examples, '.promptops', 'recordings'))) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    stored.note =
      'hand-written sample answer (scripts/record-examples.js), not the output of a model';
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n');
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The committed results are a replay of the recordings, so `promptops check examples` judges
  // them as the demo does (a recording run's results name the loopback server as the endpoint).
  const replay = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'dist', 'cli.js'), 'eval', '--replay'],
    { cwd: examples, stdio: 'inherit' },
  );
  process.exit((await new Promise((resolve) => replay.on('exit', resolve))) ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
