import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError, ollamaHostPort } from '../../../src-main/config/config.js';

const base = { dataDir: '/tmp/x' };

describe('buildConfig', () => {
  it('has loopback defaults and is frozen', () => {
    const c = buildConfig(base, {}, {});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(32768);
    expect(c.requireApiKey).toBe(false);
    expect(c.discovery.ports).toEqual([11434, 1234, 8080, 8000]);
    expect(c.discovery.intervalSecs).toBe(60);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.cloud.openai)).toBe(true);
  });

  it('layers stored settings under env under flags', () => {
    const c = buildConfig(
      { ...base, discovery: false },
      { require_api_key: false, cloud: { openai: { api_key: 'stored', base_url: 'http://stored/v1' } } },
      { OPENAI_API_KEY: 'env', LLMLB_REQUIRE_API_KEY: '1', LLMLB_DISCOVERY_PORTS: '1,2', LLMLB_DISCOVERY_INTERVAL_SECS: '0.5' },
    );
    expect(c.cloud.openai.apiKey).toBe('stored');
    expect(c.cloud.openai.baseUrl).toBe('http://stored/v1');
    expect(c.requireApiKey).toBe(true);
    expect(c.discovery.enabled).toBe(false);
    expect(c.discovery.ports).toEqual([1, 2]);
    expect(c.discovery.intervalSecs).toBe(0.5);
  });

  it('forces API keys when bound to a non-loopback address', () => {
    expect(buildConfig({ ...base, host: '0.0.0.0' }, { require_api_key: false }, {}).requireApiKey).toBe(true);
  });

  it('adds OLLAMA_HOST and xLLM ports to discovery', () => {
    const c = buildConfig(base, {}, { OLLAMA_HOST: '127.0.0.1:11500', LLMLB_XLLM_PORTS: '9000' });
    expect(c.discovery.ports).toEqual(expect.arrayContaining([11434, 11500, 9000]));
    expect(ollamaHostPort('http://localhost')).toBe(11434);
    expect(ollamaHostPort('http://192.168.1.5:11434')).toBeNull();
  });

  it('rejects invalid env values with a one-line ConfigError', () => {
    expect(() => buildConfig(base, {}, { LLMLB_DISCOVERY_PORTS: 'abc' })).toThrow(ConfigError);
    expect(() => buildConfig(base, {}, { LLMLB_DISCOVERY_PORTS: '70000' })).toThrow(ConfigError);
    expect(() => buildConfig({ ...base, port: 70000 }, {}, {})).toThrow(ConfigError);
  });
});
