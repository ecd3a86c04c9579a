import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// `yarn test` runs every package's tests at once; on a 2-core machine a whole entity page
// can take seconds to render. findBy* queries wait for content, so give them time.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
