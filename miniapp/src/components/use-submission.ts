import { useState } from 'react';
import { messageOf } from '../api/errors';

/**
 * A form's call to the server: busy while it runs (the button shows it and takes no second tap),
 * its failure as the Chinese message to show. `setError` is for the form's own checks.
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (send: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await send();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
