// Which React the hook tests ran against: 19 by default, 18 in scripts/test-react18.sh
// (which sets WIRESTORE_EXPECT_REACT_MAJOR), so that run cannot pass on the wrong React.
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, it } from 'vitest';

it('runs_against_the_react_major_the_run_asked_for', () => {
  const want = process.env.WIRESTORE_EXPECT_REACT_MAJOR ?? '19';
  expect(version.split('.')[0]).toBe(want);
  expect(domVersion.split('.')[0]).toBe(want);
});
