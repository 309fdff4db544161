// The suite that runs with Workspace Trust on, in a folder VS Code has not been told to trust.
import { runTestsIn } from '../index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
