import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('settings', () => {
  it('has defaults that run the platform on PGlite in ./data at localhost:3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
    expect(config.secureCookies).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the base URL from the port, drops a trailing slash, and marks HTTPS cookies secure', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    const https = loadConfig({ BASE_URL: 'https://badges.example.org/' });
    expect(https.baseUrl).toBe('https://badges.example.org');
    expect(https.secureCookies).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('names every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', WORKER_IN_PROCESS: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('WORKER_IN_PROCESS');
    }
  });

  it('reads booleans and numbers', () => {
    const c = loadConfig({ WORKER_IN_PROCESS: 'false', WORKER_CONCURRENCY: '4', TRUST_PROXY: '1' });
    expect(c.workerInProcess).toBe(false);
    expect(c.workerConcurrency).toBe(4);
    expect(c.trustProxy).toBe(true);
  });
});
