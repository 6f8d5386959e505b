import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {initials} from '../../src/views/parts.js';

describe('initials', () => {
  test('the first letter or digit of the first two words (review I4)', () => {
    assert.equal(initials('Mercy General Hospital'), 'MG');
    assert.equal(initials('(1st Clinic'), '1C');
    assert.equal(initials('Quest — Diagnostics'), 'QD');
    assert.equal(initials('"quoted" name'), 'QN');
    assert.equal(initials('مستشفى الرحمة'), 'ما');
    assert.equal(initials('🏥 𝐀lpha Clinic'), '𝐀C');
    assert.equal(initials('!!! ???'), '');
  });
});
