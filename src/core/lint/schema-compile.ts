// Moved to core/schema/compile.ts; kept only while src/core/guard/ (reworked on main) imports it here.
export { ajv, compileSchema, describeAjvError } from '../schema/compile';
