//! JSON through the browser's own `JSON.parse` / `JSON.stringify`: the wasm carries no JSON
//! parser or serializer of its own. `serde_json::Value` stays the widget's (and the core's)
//! data type for answers and settings; this only converts it to and from JavaScript values.
//! Browser-only: on a native (`ssr`) build nothing calls these.

use js_sys::{Array, Object, Reflect, JSON};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// Parses JSON text; the browser's message (a `SyntaxError`) when it is not JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    match JSON::parse(text) {
        Ok(js) => Ok(from_js(&js)),
        Err(e) => Err(e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default()),
    }
}

/// JSON text of `value` (compact, keys in the map's order).
pub fn stringify(value: &Value) -> String {
    JSON::stringify(&to_js(value))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A number as JSON reads it: integers (every answer level, counts) stay integers, so
/// `as_i64` sees them as serde_json's own parser would.
fn number(n: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact in f64
    if n.fract() == 0.0 && n.abs() < EXACT {
        Value::from(n as i64)
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// The JSON value of a JavaScript value (what `JSON.stringify` would keep; functions and
/// `undefined` become null).
pub fn from_js(js: &JsValue) -> Value {
    if let Some(b) = js.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = js.as_f64() {
        number(n)
    } else if let Some(s) = js.as_string() {
        Value::String(s)
    } else if Array::is_array(js) {
        Value::Array(Array::from(js).iter().map(|v| from_js(&v)).collect())
    } else if let Some(obj) = js.dyn_ref::<Object>().filter(|_| !js.is_function()) {
        let mut map = Map::new();
        for entry in Object::entries(obj).iter() {
            let pair = Array::from(&entry);
            if let Some(key) = pair.get(0).as_string() {
                map.insert(key, from_js(&pair.get(1)));
            }
        }
        Value::Object(map)
    } else {
        Value::Null
    }
}

/// The JavaScript value of a JSON value.
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(list) => list.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let obj = Object::new();
            for (k, v) in map {
                let _ = Reflect::set(&obj, &JsValue::from_str(k), &to_js(v));
            }
            obj.into()
        }
    }
}

/// A JSON number as text (`4`, `2.5`) without serde_json's float formatter.
pub fn number_text(n: &Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => prongsai_core::number::plain(n.as_f64().unwrap_or(0.0)),
    }
}
