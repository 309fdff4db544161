import po001_binary_file from './rules/po001-binary-file';
import po002_file_too_large from './rules/po002-file-too-large';
import po100_yaml_syntax from './rules/po100-yaml-syntax';
import po101_unterminated_frontmatter from './rules/po101-unterminated-frontmatter';
import po102_frontmatter_not_mapping from './rules/po102-frontmatter-not-mapping';
import po103_frontmatter_field_type from './rules/po103-frontmatter-field-type';
import po104_unknown_frontmatter_key from './rules/po104-unknown-frontmatter-key';
import po105_config_out_of_range from './rules/po105-config-out-of-range';
import po106_invalid_input_schema from './rules/po106-invalid-input-schema';
import po107_invalid_output_schema from './rules/po107-invalid-output-schema';
import po108_json_output_without_schema from './rules/po108-json-output-without-schema';
import po109_invalid_guard from './rules/po109-invalid-guard';
import po110_empty_prompt from './rules/po110-empty-prompt';
import po112_unknown_output_format from './rules/po112-unknown-output-format';
import po111_unknown_schema_name from './rules/po111-unknown-schema-name';
import po113_tool_without_definition from './rules/po113-tool-without-definition';
import po114_invalid_tool_definition from './rules/po114-invalid-tool-definition';
import po200_template_syntax from './rules/po200-template-syntax';
import po201_undeclared_variable from './rules/po201-undeclared-variable';
import po202_unused_input from './rules/po202-unused-input';
import po203_unknown_helper from './rules/po203-unknown-helper';
import po204_missing_partial from './rules/po204-missing-partial';
import po205_invalid_role from './rules/po205-invalid-role';
import po206_each_over_non_array from './rules/po206-each-over-non-array';
import po300_fixture_file_invalid from './rules/po300-fixture-file-invalid';
import po301_fixture_missing_input from './rules/po301-fixture-missing-input';
import po302_fixture_input_type from './rules/po302-fixture-input-type';
import po303_fixture_undeclared_input from './rules/po303-fixture-undeclared-input';
import po304_unknown_assertion_type from './rules/po304-unknown-assertion-type';
import po305_invalid_assertion_regex from './rules/po305-invalid-assertion-regex';
import po306_expected_violates_output_schema from './rules/po306-expected-violates-output-schema';
import po307_duplicate_case_id from './rules/po307-duplicate-case-id';
import po308_backtracking_regex from './rules/po308-backtracking-regex';
import po309_invalid_assertion_value from './rules/po309-invalid-assertion-value';
import po310_no_grader_model from './rules/po310-no-grader-model';
import po311_guard_passes_without_guard from './rules/po311-guard-passes-without-guard';
import po312_script_for_unoffered_tool from './rules/po312-script-for-unoffered-tool';
import po313_assertion_on_unoffered_tool from './rules/po313-assertion-on-unoffered-tool';
import po401_email from './rules/po401-email';
import po402_phone_number from './rules/po402-phone-number';
import po403_payment_card from './rules/po403-payment-card';
import po404_iban from './rules/po404-iban';
import po405_us_ssn from './rules/po405-us-ssn';
import po406_ip_address from './rules/po406-ip-address';
import po410_api_key from './rules/po410-api-key';
import po411_jwt from './rules/po411-jwt';
import po412_private_key from './rules/po412-private-key';
import po413_secret_assignment from './rules/po413-secret-assignment';
import type { Rule } from './types';

/** Every lint rule, in code order. A rule is one file in ./rules; its code is its identity. */
export const RULES: readonly Rule[] = [
  po001_binary_file,
  po002_file_too_large,
  po100_yaml_syntax,
  po101_unterminated_frontmatter,
  po102_frontmatter_not_mapping,
  po103_frontmatter_field_type,
  po104_unknown_frontmatter_key,
  po105_config_out_of_range,
  po106_invalid_input_schema,
  po107_invalid_output_schema,
  po108_json_output_without_schema,
  po109_invalid_guard,
  po110_empty_prompt,
  po112_unknown_output_format,
  po111_unknown_schema_name,
  po113_tool_without_definition,
  po114_invalid_tool_definition,
  po200_template_syntax,
  po201_undeclared_variable,
  po202_unused_input,
  po203_unknown_helper,
  po204_missing_partial,
  po205_invalid_role,
  po206_each_over_non_array,
  po300_fixture_file_invalid,
  po301_fixture_missing_input,
  po302_fixture_input_type,
  po303_fixture_undeclared_input,
  po304_unknown_assertion_type,
  po305_invalid_assertion_regex,
  po306_expected_violates_output_schema,
  po307_duplicate_case_id,
  po308_backtracking_regex,
  po309_invalid_assertion_value,
  po310_no_grader_model,
  po311_guard_passes_without_guard,
  po312_script_for_unoffered_tool,
  po313_assertion_on_unoffered_tool,
  po401_email,
  po402_phone_number,
  po403_payment_card,
  po404_iban,
  po405_us_ssn,
  po406_ip_address,
  po410_api_key,
  po411_jwt,
  po412_private_key,
  po413_secret_assignment,
];

const BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}
