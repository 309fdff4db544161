import type { ToolCallRecord, ToolSpec } from '../../../src/core/tools/types';

/** Calls as the engine records them: a weather lookup twice, then a search. */
export const CALLS: ToolCallRecord[] = [
  {
    id: 'c1',
    name: 'getWeather',
    args: { city: 'Paris', units: 'C' },
    result: { tempC: 21 },
    turn: 0,
  },
  { id: 'c2', name: 'getWeather', args: { city: 'Oslo' }, result: { tempC: 3 }, turn: 0 },
  {
    id: 'c3',
    name: 'search',
    args: { q: 'umbrella' },
    error: 'no scripted result for tool search',
    turn: 1,
  },
];

export const TOOLS: ToolSpec[] = [
  {
    name: 'getWeather',
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string' }, units: { type: 'string', enum: ['C', 'F'] } },
      required: ['city'],
      additionalProperties: false,
    },
  },
  { name: 'search', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
];
