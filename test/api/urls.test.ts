import {expect} from '@open-wc/testing';
import {parseApiBase, safeServiceUrl} from '../../src/api/urls.js';

describe('URL rules', () => {
  it('accepts an https api-base, or http on loopback only', () => {
    expect(parseApiBase('https://connect.example.com/v1/')?.href).to.equal(
      'https://connect.example.com/v1'
    );
    expect(parseApiBase('http://localhost:8000/api/v1')?.href).to.equal(
      'http://localhost:8000/api/v1'
    );
    expect(parseApiBase('http://127.0.0.1/v1')).to.not.equal(null);
    expect(parseApiBase('http://[::1]:3000/v1')).to.not.equal(null);
    for (const bad of [
      'http://connect.example.com/v1',
      'javascript:alert(1)',
      '/v1',
      '',
      undefined,
      'https://user:pw@x.example/v1',
      'ftp://x.example',
    ]) {
      expect(parseApiBase(bad), String(bad)).to.equal(null);
    }
  });

  it('lets only https URLs from the service reach a src or href', () => {
    const https = parseApiBase('https://connect.example.com/v1');
    const local = parseApiBase('http://localhost:8000/v1');
    expect(safeServiceUrl('https://logo.example/a.svg', https)).to.equal(
      'https://logo.example/a.svg'
    );
    for (const bad of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'http://logo.example/a.svg',
      '//logo.example/a.svg',
      'a.svg',
      ' JAVASCRIPT:alert(1)',
      'https://u:p@logo.example/',
    ]) {
      expect(safeServiceUrl(bad, https), bad).to.equal(undefined);
    }
    // In development, loopback http is fine when the API itself is on loopback.
    expect(
      safeServiceUrl('http://localhost:8000/sandbox/login.html', local)
    ).to.equal('http://localhost:8000/sandbox/login.html');
    expect(
      safeServiceUrl('http://localhost:8000/sandbox/login.html', https)
    ).to.equal(undefined);
    expect(safeServiceUrl('http://evil.example/', local)).to.equal(undefined);
  });
});
