//! Port of Grammar/python.gram's `invalid_*` rules (Parser/parser.c, Parser/action_helpers.c, Parser/pegen_errors.c): the second pass's specialised SyntaxErrors.
//!
//! Each rule runs only when [`Parser::invalid`] is set, consumes nothing when it does not
//! match, and sets [`Parser::error`] when it does.

use super::Parser;

impl Parser<'_> {
    /// `invalid_expression`
    pub(crate) fn invalid_expression(&mut self) {}

    /// `invalid_legacy_expression`
    pub(crate) fn invalid_legacy_expression(&mut self) {}

    /// `invalid_named_expression`
    pub(crate) fn invalid_named_expression(&mut self) {}

    /// `invalid_group`
    pub(crate) fn invalid_group(&mut self) {}

    /// `invalid_double_starred_kvpairs`
    pub(crate) fn invalid_double_starred_kvpairs(&mut self) {}

    /// `invalid_for_if_clause`
    pub(crate) fn invalid_for_if_clause(&mut self) {}

    /// `invalid_for_target`
    pub(crate) fn invalid_for_target(&mut self) {}

    /// `invalid_comprehension`
    pub(crate) fn invalid_comprehension(&mut self) {}

    /// `invalid_dict_comprehension`
    pub(crate) fn invalid_dict_comprehension(&mut self) {}

    /// `invalid_arguments`
    pub(crate) fn invalid_arguments(&mut self) {}

    /// `invalid_starred_expression_unpacking`
    pub(crate) fn invalid_starred_expression_unpacking(&mut self) {}

    /// `invalid_starred_expression`
    pub(crate) fn invalid_starred_expression(&mut self) {}

    /// `invalid_kwarg`
    pub(crate) fn invalid_kwarg(&mut self) {}

    /// `invalid_lambda_parameters`
    pub(crate) fn invalid_lambda_parameters(&mut self) {}

    /// `invalid_parameters`
    pub(crate) fn invalid_parameters(&mut self) {}

    /// `invalid_lambda_star_etc`
    pub(crate) fn invalid_lambda_star_etc(&mut self) {}

    /// `invalid_star_etc`
    pub(crate) fn invalid_star_etc(&mut self) {}

    /// `invalid_lambda_kwds`
    pub(crate) fn invalid_lambda_kwds(&mut self) {}

    /// `invalid_kwds`
    pub(crate) fn invalid_kwds(&mut self) {}

    /// `invalid_default`
    pub(crate) fn invalid_default(&mut self) {}

    /// `invalid_type_params`
    pub(crate) fn invalid_type_params(&mut self) {}

    /// `invalid_type_param`
    pub(crate) fn invalid_type_param(&mut self) {}

    /// `invalid_assignment`
    pub(crate) fn invalid_assignment(&mut self) {}

    /// `invalid_raise_stmt`
    pub(crate) fn invalid_raise_stmt(&mut self) {}

    /// `invalid_del_stmt`
    pub(crate) fn invalid_del_stmt(&mut self) {}

    /// `invalid_import`
    pub(crate) fn invalid_import(&mut self) {}

    /// `invalid_import_from_targets`
    pub(crate) fn invalid_import_from_targets(&mut self) {}

    /// `invalid_import_from_as_name`
    pub(crate) fn invalid_import_from_as_name(&mut self) {}

    /// `invalid_dotted_as_name`
    pub(crate) fn invalid_dotted_as_name(&mut self) {}

    /// `invalid_block`
    pub(crate) fn invalid_block(&mut self) {}

    /// `invalid_class_def_raw`
    pub(crate) fn invalid_class_def_raw(&mut self) {}

    /// `invalid_def_raw`
    pub(crate) fn invalid_def_raw(&mut self) {}

    /// `invalid_if_stmt`
    pub(crate) fn invalid_if_stmt(&mut self) {}

    /// `invalid_elif_stmt`
    pub(crate) fn invalid_elif_stmt(&mut self) {}

    /// `invalid_else_stmt`
    pub(crate) fn invalid_else_stmt(&mut self) {}

    /// `invalid_while_stmt`
    pub(crate) fn invalid_while_stmt(&mut self) {}

    /// `invalid_for_stmt`
    pub(crate) fn invalid_for_stmt(&mut self) {}

    /// `invalid_with_stmt_indent`
    pub(crate) fn invalid_with_stmt_indent(&mut self) {}

    /// `invalid_with_stmt`
    pub(crate) fn invalid_with_stmt(&mut self) {}

    /// `invalid_with_item`
    pub(crate) fn invalid_with_item(&mut self) {}

    /// `invalid_try_stmt`
    pub(crate) fn invalid_try_stmt(&mut self) {}

    /// `invalid_except_star_stmt_indent`
    pub(crate) fn invalid_except_star_stmt_indent(&mut self) {}

    /// `invalid_except_stmt_indent`
    pub(crate) fn invalid_except_stmt_indent(&mut self) {}

    /// `invalid_except_star_stmt`
    pub(crate) fn invalid_except_star_stmt(&mut self) {}

    /// `invalid_except_stmt`
    pub(crate) fn invalid_except_stmt(&mut self) {}

    /// `invalid_finally_stmt`
    pub(crate) fn invalid_finally_stmt(&mut self) {}

    /// `invalid_match_stmt`
    pub(crate) fn invalid_match_stmt(&mut self) {}

    /// `invalid_case_block`
    pub(crate) fn invalid_case_block(&mut self) {}

    /// `invalid_as_pattern`
    pub(crate) fn invalid_as_pattern(&mut self) {}

    /// `invalid_mapping_pattern`
    pub(crate) fn invalid_mapping_pattern(&mut self) {}

    /// `invalid_class_pattern`
    pub(crate) fn invalid_class_pattern(&mut self) {}

    /// `invalid_fstring_replacement_field` / `invalid_tstring_replacement_field`
    pub(crate) fn invalid_replacement_field(&mut self, _template: bool) {}
}
