//! What the generated code does, on the fixture specs: lenient enums,
//! checked newtypes, responses of every kind, parameters of every place.

#[path = "../../../../generated/tests/support/mod.rs"]
mod support;

use snapshot::constraints as c;
use snapshot::keywords as k;
use snapshot::responses as r;
use support::{json, serve_once, Canned};

#[tokio::test]
async fn an_unlisted_enum_value_in_a_response_is_kept() {
    let (base, server) = serve_once(json(200, r#"{"state":"paused","result":{"code":3}}"#)).await;
    #[allow(deprecated)]
    let response = r::Client::new(&base).unwrap().get_job(&7).await.unwrap();
    let request = server.await.unwrap();
    assert_eq!(request.target, "/jobs/7");
    // Accept names what the responses declare, not JSON alone.
    assert_eq!(
        request.headers["accept"],
        "application/json, application/problem+json, text/plain"
    );
    let r::GetJobResponses::Ok(job) = response.value else {
        panic!("{:?}", response.value)
    };
    let state = job.state.unwrap();
    assert!(!state.is_known());
    assert_eq!(state.as_str(), "paused");
    // It round-trips unchanged, and strict parsing still refuses it.
    assert_eq!(serde_json::to_string(&state).unwrap(), r#""paused""#);
    assert!("paused".parse::<r::JobState>().is_err());
    assert_eq!(
        "running".parse::<r::JobState>().unwrap(),
        r::JobState::Running
    );
    assert_eq!(job.result.unwrap().code, Some(3));
}

#[tokio::test]
async fn no_content_ranges_and_text_default() {
    type Check = fn(&r::GetJobResponses) -> bool;
    let cases: Vec<(Canned, Check)> = vec![
        (json(204, ""), |v| {
            matches!(v, r::GetJobResponses::NoContent)
        }),
        (
            Canned {
                status: 422,
                headers: vec![("content-type", "application/problem+json")],
                body: br#"{"title":"bad"}"#.to_vec(),
            },
            |v| matches!(v, r::GetJobResponses::ClientError { status: 422, body } if body.title.as_deref() == Some("bad")),
        ),
        (
            Canned {
                status: 503,
                headers: vec![("content-type", "text/plain")],
                body: b"try later".to_vec(),
            },
            |v| matches!(v, r::GetJobResponses::Default { status: 503, body } if body == "try later"),
        ),
    ];
    for (canned, check) in cases {
        let status = canned.status;
        let (base, server) = serve_once(canned).await;
        #[allow(deprecated)]
        // One attempt: the server answers once, and a 503 would be retried.
        let response = r::Client::new(&base)
            .unwrap()
            .with_config(snapshot::runtime::ClientConfig {
                retry: snapshot::runtime::RetryPolicy::never(),
                ..Default::default()
            })
            .unwrap()
            .get_job(&1)
            .await
            .unwrap();
        server.await.unwrap();
        assert!(check(&response.value), "{status}: {:?}", response.value);
    }
}

#[tokio::test]
async fn a_referenced_response_and_an_undeclared_status() {
    let (base, server) = serve_once(json(404, r#"{"title":"gone"}"#)).await;
    let response = r::Client::new(&base).unwrap().delete_job(&5).await.unwrap();
    let request = server.await.unwrap();
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("DELETE", "/jobs/5")
    );
    assert!(
        matches!(response.value, r::DeleteJobResponses::NotFound(ref p) if p.title.as_deref() == Some("gone"))
    );
    let (base, server) = serve_once(json(200, "{}")).await;
    let err = r::Client::new(&base)
        .unwrap()
        .delete_job(&5)
        .await
        .unwrap_err();
    server.await.unwrap();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

fn widget() -> c::Widget {
    c::Widget::new(
        c::WidgetName::new("bolt").unwrap(),
        c::WidgetSize::new(2.5).unwrap(),
    )
}

#[tokio::test]
async fn query_cookie_and_defaults_on_the_wire() {
    let (base, server) = serve_once(json(200, r#"{"name":"bolt","size":2.5}"#)).await;
    let mut params = c::CreateWidgetParams::new();
    params.tags = Some(vec!["a b".to_string(), "c&d".to_string()]);
    params.session = Some("s=1".to_string());
    let response = c::Client::new(&base)
        .unwrap()
        .create_widget(&params, &widget())
        .await
        .unwrap();
    let request = server.await.unwrap();
    // `limit` has a default (20); `tags` explodes; values are encoded.
    assert_eq!(request.target, "/widgets?limit=20&tags=a%20b&tags=c%26d");
    assert_eq!(request.headers["cookie"], "session=s%3D1");
    assert_eq!(
        request.body_text(),
        r#"{"name":"bolt","size":2.5,"count":1,"enabled":true,"color":"red"}"#
    );
    let c::CreateWidgetResponses::Ok(decoded) = response.value;
    // Defaults fill what the server left out.
    assert_eq!(
        (decoded.count, decoded.enabled, decoded.color),
        (1, true, c::Color::Red)
    );
}

#[test]
fn constrained_values_are_checked_when_built_and_when_read() {
    assert!(c::WidgetName::new("a")
        .unwrap_err()
        .to_string()
        .contains("below the minimum of 2"));
    assert!(c::WidgetName::new("abcdefghi").is_err());
    assert!(c::WidgetName::new("Bolt")
        .unwrap_err()
        .to_string()
        .contains("pattern"));
    assert!(c::WidgetSize::new(0.0).is_err(), "exclusive minimum");
    assert!(c::WidgetSize::new(10.5).is_ok());
    assert!(c::WidgetSize::new(11.0).is_err());
    assert!(c::WidgetSize::new(1.25).is_err(), "multipleOf 0.5");
    assert!(c::WidgetParts::new(vec![]).is_err());
    assert!(
        c::WidgetParts::new(vec!["x".into(), "x".into()]).is_err(),
        "uniqueItems"
    );
    assert!(c::CreateWidgetLimit::new(0).is_err());

    let bad = serde_json::from_str::<c::Widget>(r#"{"name":"x","size":1}"#).unwrap_err();
    assert!(bad.to_string().contains("WidgetName"), "{bad}");
    let ok: c::Widget =
        serde_json::from_str(r#"{"name":"nut","size":1,"attributes":{"a":1},"extra":{"k":[1]}}"#)
            .unwrap();
    assert_eq!(ok.attributes.unwrap()["a"], 1);
}

#[test]
fn keyword_names_keep_their_wire_names() {
    use snapshot::keywords as k;
    let mut thing = k::Thing::new("t".to_string());
    thing.r#match = Some(1);
    thing.self_ = Some("s".into());
    thing._3d = Some(true);
    thing.fn_name = Some("f".into());
    assert_eq!(
        serde_json::to_string(&thing).unwrap(),
        r#"{"type":"t","match":1,"self":"s","3d":true,"fn-name":"f"}"#
    );
}

#[test]
fn a_discriminator_picks_the_variant() {
    use snapshot::composition as k;
    let shape: k::Shape = serde_json::from_str(r#"{"kind":"square","side":3}"#).unwrap();
    assert!(matches!(shape, k::Shape::Square(ref s) if s.side == 3));
    // The variant is chosen by `kind`, not by which struct happens to fit.
    let err = serde_json::from_str::<k::Shape>(r#"{"kind":"circle","side":3}"#).unwrap_err();
    assert!(err.to_string().contains("radius"), "{err}");
    let err = serde_json::from_str::<k::Shape>(r#"{"kind":"hexagon"}"#).unwrap_err();
    assert!(
        err.to_string().contains("unknown `kind` value \"hexagon\""),
        "{err}"
    );
    assert_eq!(
        serde_json::to_string(&shape).unwrap(),
        r#"{"kind":"square","side":3}"#
    );
}

#[test]
fn a_tag_the_alternatives_fix_is_the_enum_s_own() {
    use snapshot::composition as k;
    use spec_runtime::validate::Validate;
    let range: k::Interval = serde_json::from_str(r#"{"end":2,"type":"range","start":1}"#).unwrap();
    assert!(matches!(range, k::Interval::Range(ref r) if r.start == 1.0 && r.end == 2.0));
    // The enum writes the tag; the variant's struct has no field for it.
    assert_eq!(
        serde_json::to_value(&range).unwrap(),
        serde_json::json!({"type": "range", "start": 1.0, "end": 2.0})
    );
    let everything: k::Interval = serde_json::from_str(r#"{"type":"everything"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&everything).unwrap(),
        r#"{"type":"everything"}"#
    );
    // The tag picks the variant, so a missing field of that variant is the error.
    let err = serde_json::from_str::<k::Interval>(r#"{"type":"range","end":2}"#).unwrap_err();
    assert!(err.to_string().contains("start"), "{err}");
    let mut out = Vec::new();
    k::Interval::validate(
        &serde_json::json!({"type": "range_from", "end": 1}),
        "body",
        &mut out,
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].location, "body/type");
    out.clear();
    k::Interval::validate(
        &serde_json::json!({"type": "range_to", "end": "x"}),
        "body",
        &mut out,
    );
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].location, "body/end");
}

#[test]
fn all_of_merges_and_recursion_is_boxed() {
    use snapshot::composition as k;
    let stored: k::StoredShape = serde_json::from_str(
        r#"{"id":18446744073709551615,"shape":{"kind":"circle","radius":1.5},"labels":["a",null]}"#,
    )
    .unwrap();
    assert_eq!(stored.id, u64::MAX);
    assert_eq!(stored.labels, Some(vec![Some("a".to_string()), None]));
    let tree: k::Node = serde_json::from_str(
        r#"{"value":[1,"two",[3]],"parent":{"value":0,"parent":null},"children":[{"value":"leaf"}]}"#,
    )
    .unwrap();
    assert_eq!(
        tree.value,
        k::Value::Array(vec![
            k::Value::Integer(1),
            k::Value::String("two".into()),
            k::Value::Array(vec![k::Value::Integer(3)])
        ])
    );
    assert_eq!(tree.parent.as_ref().unwrap().value, k::Value::Integer(0));
    assert_eq!(
        tree.children.unwrap()[0].value,
        k::Value::String("leaf".into())
    );
    let mode: k::Mode = serde_json::from_str(r#""safe""#).unwrap();
    assert_eq!(mode, k::Mode::Safe);
}

#[tokio::test]
async fn a_checked_query_array_is_encoded_and_enforced_both_ways() {
    // The client sends the checked array comma-separated.
    let (base, server) = serve_once(json(200, r#"{"name":"bolt","size":2.5}"#)).await;
    let mut params = c::CreateWidgetParams::new();
    params.ids = Some(c::CreateWidgetIds::new(vec![1, 2]).unwrap());
    c::Client::new(&base)
        .unwrap()
        .create_widget(&params, &widget())
        .await
        .unwrap();
    assert_eq!(server.await.unwrap().target, "/widgets?limit=20&ids=1,2");
    assert!(c::CreateWidgetIds::new(vec![1, 2, 3, 4]).is_err());

    // The server checks the items, then the array's own constraints.
    struct Widgets;
    impl c::server::Api for Widgets {
        async fn create_widget(
            &self,
            _: snapshot::runtime::server::RequestContext,
            params: c::CreateWidgetParams,
            body: c::Widget,
        ) -> c::CreateWidgetResponses {
            assert_eq!(params.ids.map(|ids| ids.into_inner()), Some(vec![7]));
            c::CreateWidgetResponses::Ok(body)
        }
    }
    let running =
        snapshot::runtime::server::serve(c::server::router(std::sync::Arc::new(Widgets)), 0)
            .await
            .unwrap();
    let post = |query: &'static str| {
        let url = format!("{}/widgets?{query}", running.base_url());
        async move {
            let response = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/json")
                .body(r#"{"name":"bolt","size":2.5}"#)
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    assert_eq!(post("ids=7").await.0, 200);
    let (status, body) = post("ids=1,2,3,4").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("query/ids") && body.contains("above the maximum of 3"),
        "{body}"
    );
    let (status, body) = post("ids=1,x").await;
    assert_eq!(status, 400);
    assert!(body.contains("query/ids/1"), "{body}");
}

#[tokio::test]
async fn a_form_encoded_response_is_decoded_as_a_form() {
    let canned = Canned {
        status: 200,
        headers: vec![("content-type", "application/x-www-form-urlencoded")],
        body: b"access_token=a%2Bb%20c&scope=read".to_vec(),
    };
    let (base, server) = serve_once(canned).await;
    let response = r::Client::new(&base)
        .unwrap()
        .get_job_token(&3)
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert_eq!(
        request.headers["accept"],
        "application/x-www-form-urlencoded"
    );
    let r::GetJobTokenResponses::Ok(token) = response.value;
    assert_eq!(token.access_token.as_deref(), Some("a+b c"));
    assert_eq!(token.scope.as_deref(), Some("read"));
}

#[test]
fn a_required_name_without_a_property_must_be_present_with_any_value() {
    let tagged: k::Tagged = serde_json::from_str(r#"{"name":"n","tags":[1,"a"]}"#).unwrap();
    assert_eq!(tagged.tags, serde_json::json!([1, "a"]));
    assert_eq!(
        serde_json::to_string(&tagged).unwrap(),
        r#"{"name":"n","tags":[1,"a"]}"#
    );
    let missing = serde_json::from_str::<k::Tagged>(r#"{"name":"n"}"#).unwrap_err();
    assert!(missing.to_string().contains("tags"), "{missing}");
}

mod uploads {
    use std::sync::Arc;

    use snapshot::runtime::server::{serve, RequestContext};
    use snapshot::uploads as u;

    /// Answers with what arrived: the file's size and first bytes, the
    /// other parts as read.
    struct Store;

    impl u::server::Api for Store {
        async fn upload_file(
            &self,
            _: RequestContext,
            body: u::UploadFileBody,
        ) -> u::UploadFileResponses {
            let mut stored = u::UploadFileCreatedBody::new();
            stored.size = Some(body.file.bytes().len() as i64);
            stored.sha_prefix = Some(
                body.file
                    .bytes()
                    .iter()
                    .take(4)
                    .map(|b| i64::from(*b))
                    .collect(),
            );
            stored.file_name = body.file.name().map(str::to_string);
            stored.content_type = body.file.content_type().map(str::to_string);
            stored.title = Some(body.title.get().to_string());
            stored.tags = body.tags;
            stored.pages = body.pages;
            u::UploadFileResponses::Created(stored)
        }
    }

    #[tokio::test]
    async fn a_file_upload_arrives_intact() {
        let server = serve(u::server::router(Arc::new(Store)), 0).await.unwrap();
        let client = u::Client::new(&server.base_url()).unwrap();
        // Every byte value, CR LF and a fake boundary included.
        let mut file: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        file.extend_from_slice(b"\r\n--spec-runtime-fake--\r\n");
        let mut body = u::UploadFileBody::new(
            file.clone().into(),
            u::UploadFileBodyTitle::new("scan \"1\"").unwrap(),
        );
        body.tags = Some(vec!["a".into(), "b c".into()]);
        body.pages = Some(3);
        let response = client.upload_file(&body).await.unwrap();
        let u::UploadFileResponses::Created(stored) = response.value else {
            panic!("{:?}", response.value)
        };
        assert_eq!(stored.size, Some(file.len() as i64));
        assert_eq!(stored.sha_prefix, Some(vec![0, 1, 2, 3]));
        assert_eq!(stored.title.as_deref(), Some("scan \"1\""));
        assert_eq!(stored.tags, Some(vec!["a".to_string(), "b c".to_string()]));
        assert_eq!(stored.pages, Some(3));
        // Unnamed, the part is named after its property, typed by `encoding`.
        assert_eq!(stored.file_name.as_deref(), Some("file"));
        assert_eq!(stored.content_type.as_deref(), Some("image/png"));
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn the_caller_chooses_the_file_name_and_media_type() {
        let server = serve(u::server::router(Arc::new(Store)), 0).await.unwrap();
        let client = u::Client::new(&server.base_url()).unwrap();
        let file = snapshot::runtime::File::new(b"%PDF-1.7".to_vec())
            .with_name("report \"q3\".pdf")
            .with_content_type("application/pdf");
        let body = u::UploadFileBody::new(file, u::UploadFileBodyTitle::new("q3").unwrap());
        let u::UploadFileResponses::Created(stored) =
            client.upload_file(&body).await.unwrap().value
        else {
            panic!("not created")
        };
        assert_eq!(stored.size, Some(8));
        assert_eq!(stored.file_name.as_deref(), Some("report \"q3\".pdf"));
        assert_eq!(stored.content_type.as_deref(), Some("application/pdf"));
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn multipart_parts_are_validated_and_the_limit_applies() {
        let server = serve(u::server::router(Arc::new(Store)), 0).await.unwrap();
        let url = format!("{}/files", server.base_url());
        let http = reqwest::Client::new();
        let multipart = |parts: &str| {
            http.post(&url)
                .header("content-type", "multipart/form-data; boundary=XyZ")
                .body(parts.replace('\n', "\r\n"))
                .send()
        };
        // The title is over its maxLength, and the file part is missing.
        let response = multipart(
            "--XyZ\nContent-Disposition: form-data; name=\"title\"\n\n\
             a title much longer than twenty\n--XyZ--\n",
        )
        .await
        .unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let text = response.text().await.unwrap();
        assert!(text.contains("body/title"), "{text}");
        assert!(text.contains("file"), "{text}");
        // JSON where a multipart body belongs.
        let response = http
            .post(&url)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 415);
        // Over the 1 MiB default limit.
        let big = format!(
            "--XyZ\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\n\n{}\n--XyZ--\n",
            "x".repeat(1024 * 1024 + 1)
        );
        let response = multipart(&big).await.unwrap();
        assert_eq!(response.status().as_u16(), 413);
        server.stop().await.unwrap();
    }
}

mod styles {
    use std::sync::{Arc, Mutex};

    use snapshot::runtime::server::{serve, RequestContext};
    use snapshot::styles as s;

    /// Echoes what it read, and keeps the raw query it was sent.
    #[derive(Default)]
    struct Echo(Mutex<Option<String>>);

    impl s::server::Api for Echo {
        async fn search(
            &self,
            request: RequestContext,
            params: s::SearchParams,
        ) -> s::SearchResponses {
            *self.0.lock().unwrap() = request.parts.uri.query().map(str::to_string);
            let mut echo = s::Echo::new();
            echo.filter = params.filter;
            echo.ids = params.ids;
            echo.colors = params.colors;
            echo.page = params.meta.and_then(|m| m.page).map(|p| *p.get());
            echo.span = params.x_trace.and_then(|t| t.span);
            s::SearchResponses::Ok(echo)
        }

        async fn shapes(
            &self,
            request: RequestContext,
            ids: Vec<s::ShapesIdsItem>,
            point: s::Point,
            params: s::ShapesParams,
        ) -> s::ShapesResponses {
            let headers = &request.parts.headers;
            let seen = format!(
                "{} {}|{:?}|{:?}|{:?}",
                request.parts.uri.path(),
                request.parts.uri.query().unwrap_or_default(),
                headers.get("x-tags"),
                headers.get("x-origin"),
                headers.get("cookie"),
            );
            *self.0.lock().unwrap() = Some(seen);
            let mut shapes = s::Shapes::new();
            shapes.ids = Some(ids.iter().map(|id| *id.get()).collect());
            shapes.point = Some(point);
            shapes.size = params.size;
            shapes.range = params.range;
            shapes.tags = params.x_tags;
            shapes.origin = params.x_origin;
            shapes.prefs = params.prefs;
            shapes.session = params.session;
            s::ShapesResponses::Ok(shapes)
        }
    }

    #[tokio::test]
    async fn lists_and_objects_round_trip_in_every_location() {
        let service = Arc::new(Echo::default());
        let server = serve(s::server::router(service.clone()), 0).await.unwrap();
        let client = s::Client::new(&server.base_url()).unwrap();
        let ids = [
            s::ShapesIdsItem::new(1).unwrap(),
            s::ShapesIdsItem::new(22).unwrap(),
        ];
        let point = s::Point::new(3, -4);
        let mut size = s::Size::new();
        size.w = Some(s::SizeW::new(3).unwrap());
        size.h = Some(s::SizeH::new(4).unwrap());
        let mut range = s::Range::new(1);
        range.to = Some(9);
        let mut origin = s::Origin::new();
        origin.lat = Some(1.5);
        origin.lon = Some(-2.25);
        let mut session = s::Session::new("ann lee".into());
        session.level = Some(3);
        let mut params = s::ShapesParams::new();
        params.size = Some(size.clone());
        params.range = Some(range.clone());
        params.x_tags = Some(vec!["a".into(), "b".into()]);
        params.x_origin = Some(origin.clone());
        params.prefs = Some(vec!["dark".into(), "compact".into()]);
        params.session = Some(session.clone());

        let s::ShapesResponses::Ok(echo) =
            client.shapes(&ids, &point, &params).await.unwrap().value;
        assert_eq!(echo.ids, Some(vec![1, 22]));
        assert_eq!(echo.point, Some(point));
        assert_eq!(echo.size, Some(size));
        assert_eq!(echo.range, Some(range));
        assert_eq!(echo.tags, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(echo.origin, Some(origin));
        assert_eq!(
            echo.prefs,
            Some(vec!["dark".to_string(), "compact".to_string()])
        );
        assert_eq!(echo.session, Some(session));
        // Each in the spelling its style gives it.
        let seen = service.0.lock().unwrap().clone().unwrap();
        for spelled in [
            "/shapes/1,22/x=3,y=-4 ",
            "w=3&h=4",
            "range=from,1,to,9",
            "\"a,b\"",
            "\"lat,1.5,lon,-2.25\"",
            "prefs=dark%2Ccompact",
            "session=user%2Cann%20lee%2Clevel%2C3",
        ] {
            assert!(seen.contains(spelled), "{spelled} in {seen}");
        }
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn malformed_lists_and_objects_are_located() {
        let server = serve(s::server::router(Arc::new(Echo::default())), 0)
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let response = http
            .get(format!(
                "{}/shapes/1,x/x=1?range=from&w=0",
                server.base_url()
            ))
            .header("X-Origin", "lat,north,lon")
            .header("cookie", "session=level%2C3")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let text = response.text().await.unwrap();
        for location in [
            "path/ids/1",
            "path/point/y",
            "query/range",
            "query/size/w",
            "header/X-Origin",
            "cookie/session",
        ] {
            assert!(text.contains(location), "{location} in {text}");
        }
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn every_query_style_round_trips() {
        let service = Arc::new(Echo::default());
        let server = serve(s::server::router(service.clone()), 0).await.unwrap();
        let client = s::Client::new(&server.base_url()).unwrap();
        let mut filter = s::Filter::new();
        filter.name = Some("Ann Lee".into());
        filter.min_age = Some(s::FilterMinAge::new(30).unwrap());
        filter.tags = Some(vec!["a".into(), "b|c".into()]);
        let mut meta = s::SearchMeta::new();
        meta.page = Some(s::SearchMetaPage::new(2).unwrap());
        let mut trace = s::SearchXTrace::new();
        trace.span = Some("s-1".into());
        let mut params = s::SearchParams::new();
        params.filter = Some(filter.clone());
        params.ids = Some(vec![1, 22, 333]);
        params.colors = Some(vec!["red".into(), "dark blue".into()]);
        params.meta = Some(meta);
        params.x_trace = Some(trace);

        let s::SearchResponses::Ok(echo) = client.search(&params).await.unwrap().value;
        // A deepObject filter is parsed into its struct.
        assert_eq!(echo.filter, Some(filter));
        assert_eq!(echo.ids, Some(vec![1, 22, 333]));
        assert_eq!(
            echo.colors,
            Some(vec!["red".to_string(), "dark blue".to_string()])
        );
        assert_eq!(echo.page, Some(2));
        assert_eq!(echo.span.as_deref(), Some("s-1"));
        let query = service.0.lock().unwrap().clone().unwrap();
        for spelled in [
            "filter%5Bname%5D=Ann%20Lee",
            "filter%5Bmin_age%5D=30",
            "ids=1%2022%20333",
            "colors=red%7Cdark%20blue",
        ] {
            assert!(query.contains(spelled), "{spelled} in {query}");
        }
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn styled_values_are_checked_where_they_stand() {
        let server = serve(s::server::router(Arc::new(Echo::default())), 0)
            .await
            .unwrap();
        let query = "filter[min_age]=-1&ids=1%20x&meta=%7B%22page%22%3A0%7D";
        let response = reqwest::get(format!("{}/search?{query}", server.base_url()))
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let text = response.text().await.unwrap();
        for location in ["query/filter/min_age", "query/ids/1", "query/meta/page"] {
            assert!(text.contains(location), "{location} in {text}");
        }
        server.stop().await.unwrap();
    }
}

mod formats {
    use std::sync::Arc;

    use snapshot::formats as f;
    use snapshot::runtime::server::{serve, RequestContext};
    use snapshot::runtime::{Base64, Date, DateTime, Uuid};

    /// Stores the event it is sent, with the id and `since` it read.
    struct Events;

    impl f::server::Api for Events {
        async fn put_event(
            &self,
            _: RequestContext,
            id: Uuid,
            params: f::PutEventParams,
            mut body: f::Event,
        ) -> f::PutEventResponses {
            body.id = Some(id);
            body.since = params.since;
            f::PutEventResponses::Ok(body)
        }
    }

    #[tokio::test]
    async fn a_date_time_round_trips_with_its_offset() {
        let server = serve(f::server::router(Arc::new(Events)), 0).await.unwrap();
        let client = f::Client::new(&server.base_url()).unwrap();
        let at: DateTime = "2026-12-01T10:00:00.25+08:00".parse().unwrap();
        let mut event = f::Event::new(at);
        event.day = Some("2026-02-28".parse::<Date>().unwrap());
        event.blob = Some(Base64(b"\x00\xffbytes".to_vec()));
        let id: Uuid = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap();
        let mut params = f::PutEventParams::new();
        params.since = Some("2026-01-01T00:00:00-05:00".parse().unwrap());
        let f::PutEventResponses::Ok(stored) =
            client.put_event(&id, &params, &event).await.unwrap().value;
        assert_eq!(stored.at, at);
        assert_eq!(stored.at.0.offset().whole_hours(), 8);
        assert_eq!(stored.at.to_string(), "2026-12-01T10:00:00.25+08:00");
        assert_eq!(stored.day, event.day);
        assert_eq!(stored.blob, event.blob);
        assert_eq!(stored.id, Some(id));
        assert_eq!(stored.since.unwrap().0.offset().whole_hours(), -5);
        server.stop().await.unwrap();
    }

    #[tokio::test]
    async fn formats_are_checked_on_the_server() {
        let server = serve(f::server::router(Arc::new(Events)), 0).await.unwrap();
        let response = reqwest::Client::new()
            .put(format!(
                "{}/events/not-a-uuid?since=yesterday",
                server.base_url()
            ))
            .header("content-type", "application/json")
            .body(r#"{"at":"2026-12-01","blob":"@@"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400);
        let text = response.text().await.unwrap();
        for location in ["path/id", "query/since", "body/at", "body/blob"] {
            assert!(text.contains(location), "{location} in {text}");
        }
        server.stop().await.unwrap();
    }
}

#[test]
fn an_integer_enum_is_an_enum_with_unknown() {
    use snapshot::formats as f;
    let ticket: f::Ticket = serde_json::from_str(r#"{"priority":3,"level":-1}"#).unwrap();
    assert_eq!(ticket.priority, f::Priority::V3);
    assert_eq!(ticket.level, Some(f::TicketLevel::Minus1));
    assert_eq!(
        serde_json::to_string(&ticket).unwrap(),
        r#"{"priority":3,"level":-1}"#
    );
    // A value the spec does not list is kept, and written back as a number.
    let newer: f::Ticket = serde_json::from_str(r#"{"priority":7}"#).unwrap();
    assert!(!newer.priority.is_known());
    // The spec's default, when absent.
    let absent: f::Ticket = serde_json::from_str("{}").unwrap();
    assert_eq!(absent.priority, f::Priority::V2);
    assert_eq!(serde_json::to_string(&newer).unwrap(), r#"{"priority":7}"#);
    // A string is not an integer enum value.
    assert!(serde_json::from_str::<f::Ticket>(r#"{"priority":"3"}"#).is_err());
    // Strict validation, as the server applies it.
    let mut out = Vec::new();
    <f::Priority as snapshot::runtime::validate::Validate>::validate(
        &serde_json::json!(7),
        "body/priority",
        &mut out,
    );
    assert_eq!(out.len(), 1);
}
