//! wasm tests shared by every runtime (Node, Chromium's page, a dedicated worker):
//! the JavaScript API called as wasm-bindgen exports it, with the values a JS caller
//! can pass, hostile ones included.

use intune_device_status::js::{compliance_statuses, parse_device_status, validate_device_status};
use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const GRAPH_EXAMPLE: &str = include_str!("../fixtures/graph-example.json");

mod client;
mod double;
mod rust_client;

fn example() -> JsValue {
    JSON::parse(GRAPH_EXAMPLE).unwrap()
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).unwrap();
}

/// A JS function built from source, for values only JavaScript can make.
fn js(body: &str) -> JsValue {
    Function::new_no_args(body).call0(&JsValue::NULL).unwrap()
}

/// `(path, code)` of each issue in a report.
type Issues = Vec<(String, String)>;

/// `validateDeviceStatus(input)` as `(valid, errors, warnings)`.
fn verdict(input: &JsValue) -> (bool, Issues, Issues) {
    let report: JsValue = validate_device_status(input.clone(), None)
        .expect("validateDeviceStatus never throws for its input")
        .into();
    let issues = |key| {
        Array::from(&get(&report, key))
            .iter()
            .map(|issue| {
                let text = |k| get(&issue, k).as_string().unwrap();
                (text("path"), text("code"))
            })
            .collect()
    };
    (
        get(&report, "valid").as_bool().unwrap(),
        issues("errors"),
        issues("warnings"),
    )
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

fn assert_still_works() {
    assert_eq!(verdict(&example()), (true, vec![], vec![]));
}

#[wasm_bindgen_test]
fn graphs_example_is_valid() {
    assert_still_works();
}

#[wasm_bindgen_test]
fn parse_returns_the_model_with_nulls_and_the_exact_text() {
    let body = example();
    let object: &Object = body.unchecked_ref();
    Reflect::delete_property(object, &"userName".into()).unwrap();
    set(&body, "deviceModel", &JsValue::UNDEFINED);
    let parsed: JsValue = parse_device_status(body).unwrap().into();
    assert_eq!(get(&parsed, "userName"), JsValue::NULL);
    assert_eq!(get(&parsed, "deviceModel"), JsValue::NULL);
    assert_eq!(
        get(&parsed, "lastReportedDateTime"),
        JsValue::from_str("2017-01-01T00:00:17.7769392-08:00")
    );
    assert_eq!(
        get(&parsed, "@odata.type"),
        JsValue::from_str("#microsoft.graph.deviceConfigurationDeviceStatus")
    );
    assert!(!Reflect::has(&parsed, &"id".into()).unwrap());
}

#[wasm_bindgen_test]
fn parse_throws_a_graph_error_listing_every_problem() {
    let body = example();
    set(&body, "status", &"Compliant".into());
    set(
        &body,
        "lastReportedDateTime",
        &"2023-02-29T00:00:00Z".into(),
    );
    let error = parse_device_status(body).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&error, "name"), JsValue::from_str("GraphError"));
    assert_eq!(get(&error, "kind"), JsValue::from_str("validation"));
    assert_eq!(get(&error, "code"), JsValue::from_str("validation"));
    let errors = Array::from(&get(&error, "errors"));
    assert_eq!(errors.length(), 2);
    assert_eq!(get(&errors.get(1), "code"), JsValue::from_str("range"));
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("February 2023 has only 28 days"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn an_unknown_mode_is_an_invalid_argument() {
    let options = JSON::parse(r#"{"mode":"delete"}"#).unwrap();
    let error = validate_device_status(example(), Some(tsify::Ts::new_unchecked(options)))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(get(&error, "kind"), JsValue::from_str("invalidArgument"));
    assert_eq!(
        get(&error, "message"),
        JsValue::from_str("options.mode: expected \"create\" or \"update\", found \"delete\"")
    );
    let update = JSON::parse(r#"{"mode":"update"}"#).unwrap();
    let report: JsValue =
        validate_device_status(Object::new().into(), Some(tsify::Ts::new_unchecked(update)))
            .unwrap()
            .into();
    assert_eq!(get(&report, "valid"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn values_json_cannot_carry_are_type_errors_at_their_property() {
    let body = example();
    set(&body, "deviceModel", &js("return () => 1"));
    set(&body, "userName", &js("return Symbol('x')"));
    set(&body, "status", &js("return 10n"));
    set(&body, "lastReportedDateTime", &js("return new Date()"));
    set(&body, "id", &js("return new String('x')"));
    let (valid, errors, _) = verdict(&body);
    assert!(!valid);
    assert_eq!(
        errors,
        pairs(&[
            ("userName", "type"),
            ("deviceModel", "type"),
            ("status", "type"),
            ("lastReportedDateTime", "type"),
            ("id", "type"),
        ])
    );
    assert_still_works();
}

#[wasm_bindgen_test]
fn hostile_inputs_never_throw_or_trap() {
    let hostile = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        js("return () => {}"),
        js("return Symbol.iterator"),
        js("return 2n ** 200n"),
        js("const o = {}; o.self = o; o.status = o; return o"),
        js("class Device { constructor() { this.status = 'compliant'; } }; return new Device()"),
        js("return new Map([['status', 'compliant']])"),
        js("const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy"),
        js("return new Proxy({}, { ownKeys() { throw new Error('no keys') } })"),
        js("return { get status() { throw new Error('getter') } }"),
        js("return Object.create(null)"),
        js("let a = []; for (let i = 0; i < 100000; i++) a = [a]; return { status: a }"),
        js("return { status: 'x'.repeat(20000000), ['y'.repeat(1000000)]: 1 }"),
    ];
    for value in hostile {
        let (valid, _, _) = verdict(&value);
        assert!(!valid);
        assert!(parse_device_status(value).is_err());
    }
    assert_still_works();
}

#[wasm_bindgen_test]
fn a_revoked_proxy_inside_a_body_is_reported_not_thrown() {
    let body = example();
    set(
        &body,
        "deviceModel",
        &js("const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy"),
    );
    let (_, errors, _) = verdict(&body);
    assert_eq!(errors, pairs(&[("deviceModel", "type")]));
}

#[wasm_bindgen_test]
fn compliance_statuses_lists_the_eight_in_graphs_order() {
    let list = compliance_statuses();
    let names: Vec<String> = list.iter().map(|v| v.as_string().unwrap()).collect();
    assert_eq!(
        names,
        [
            "unknown",
            "notApplicable",
            "compliant",
            "remediated",
            "nonCompliant",
            "error",
            "conflict",
            "notAssigned"
        ]
    );
    list.set(0, "mutated".into());
    assert_eq!(compliance_statuses().get(0), JsValue::from_str("unknown"));
}

/// The npm build's allocator honours any alignment, past a wasm page (64 KiB)
/// too, and gives freed memory back for other sizes.
#[wasm_bindgen_test]
fn the_allocator_honours_large_alignments() {
    use std::alloc::{alloc, dealloc, Layout};
    for align in [8, 4096, 1 << 16, 1 << 17, 1 << 20] {
        let layout = Layout::from_size_align(24, align).unwrap();
        // SAFETY: the layout has a non-zero size; the block is freed below.
        unsafe {
            let block = alloc(layout);
            assert!(!block.is_null(), "{align}");
            assert_eq!(block as usize % align, 0, "aligned to {align}");
            dealloc(block, layout);
        }
    }
}
