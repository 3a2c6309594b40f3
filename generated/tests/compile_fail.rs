//! A handler cannot return a response the spec does not declare: the
//! responses enum has no variant for it, so the code does not compile.
#![cfg(feature = "server")]

#[test]
fn undeclared_statuses_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
