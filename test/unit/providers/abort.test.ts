// A request's scope: follows the run's signal through one listener for all requests in flight,
// aborts on its own deadline, and makes an AbortSignal only when asked for one.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { RequestScope, signalAbortable } from '../../../src/core/providers/abort';
import { waitUntil } from '../helpers';

const timeout = () => new Error('deadline');

test('RequestScope: every scope in flight aborts with the run signal, through one listener', () => {
  const run = new AbortController();
  const scopes = Array.from({ length: 50 }, () => new RequestScope(run.signal, undefined, timeout));
  assert.equal(getEventListeners(run.signal, 'abort').length, 1);
  const heard: number[] = [];
  scopes.forEach((scope, i) => scope.onAbort(() => heard.push(i)));
  const signal = scopes[3]?.signal;
  run.abort('stop');
  assert.equal(heard.length, 50);
  assert.ok(scopes.every((scope) => scope.aborted && scope.reason === 'stop'));
  assert.equal(signal?.aborted, true);
  assert.equal(signal?.reason, 'stop');
  assert.ok(scopes.every((scope) => !scope.timedOut()));
  for (const scope of scopes) scope.dispose();
  assert.equal(getEventListeners(run.signal, 'abort').length, 0);
});

test('RequestScope: the run signal keeps no listener once the last scope is disposed, and gets it back', () => {
  const run = new AbortController();
  const first = new RequestScope(run.signal, undefined, timeout);
  const second = new RequestScope(run.signal, undefined, timeout);
  first.dispose();
  assert.equal(getEventListeners(run.signal, 'abort').length, 1);
  second.dispose();
  second.dispose();
  assert.equal(getEventListeners(run.signal, 'abort').length, 0);
  const third = new RequestScope(run.signal, undefined, timeout);
  assert.equal(getEventListeners(run.signal, 'abort').length, 1);
  run.abort();
  assert.ok(third.aborted && !first.aborted && !second.aborted, 'disposed scopes are not aborted');
});

test('RequestScope: the deadline aborts with its own reason; a removed listener is not called', async () => {
  const scope = new RequestScope(undefined, 20, timeout);
  let removedCalled = false;
  const remove = scope.onAbort(() => (removedCalled = true));
  remove();
  let heard = false;
  scope.onAbort(() => (heard = true));
  await waitUntil('the deadline', () => scope.aborted);
  assert.ok(heard && !removedCalled && scope.timedOut());
  assert.equal((scope.reason as Error).message, 'deadline');
  assert.equal(scope.signal?.aborted, true, 'a signal made after the abort is aborted');
  scope.dispose();
});

test('RequestScope: an already aborted run signal aborts the scope at once; with nothing to follow there is no signal', () => {
  const run = new AbortController();
  run.abort('gone');
  const scope = new RequestScope(run.signal, 1000, timeout);
  assert.ok(scope.aborted);
  assert.equal(scope.reason, 'gone');
  assert.equal(getEventListeners(run.signal, 'abort').length, 0);
  scope.dispose();
  assert.equal(new RequestScope(undefined, undefined, timeout).signal, undefined);
});

test('signalAbortable: reads and follows an AbortSignal', () => {
  const controller = new AbortController();
  const abortable = signalAbortable(controller.signal);
  let heard = 0;
  const remove = abortable.onAbort(() => heard++);
  assert.equal(abortable.aborted, false);
  remove();
  abortable.onAbort(() => heard++);
  controller.abort('r');
  assert.equal(heard, 1);
  assert.ok(abortable.aborted && abortable.reason === 'r');
});
