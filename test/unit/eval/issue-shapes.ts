// The two minimal fixture shapes (issue 16), exactly as written there: they must work as is.

export const WEATHER_FIXTURES = `cases:
  - id: paris
    input: { city: Paris }
    tools:
      getWeather: { returns: { tempC: 21, sky: sunny } }
    assert:
      - type: tool-called
        value: { name: getWeather, args: { city: Paris } }
      - type: contains
        value: tempC
`;

export const SUPPORT_FIXTURES = `cases:
  - id: chat
    messages:
      - { role: user, content: "Hi, my order is 123" }
      - { role: model, content: "Hello! How can I help?" }
    turns:
      - user: "It arrived broken"
        assert: [{ type: icontains, value: refund }]
      - user: "Refund please"
        assert: [{ type: contains, value: "123" }]
`;
