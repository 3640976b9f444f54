//! Where requests go: the Graph root, checked ids, percent-encoded paths and list
//! queries, and the rule that the token only ever goes to that root's origin.

use crate::error::Error;

/// The Graph root requests go to: a cloud's, or the `baseUrl` option's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphRoot {
    /// `scheme://host[:port]`, lower-cased; the token is sent to this origin only.
    origin: String,
    /// The root without a trailing slash (`https://graph.microsoft.com`, or a
    /// proxy's `http://127.0.0.1:8080/graph`).
    root: String,
}

impl GraphRoot {
    /// Checks a root given as a `baseUrl`: absolute http(s), no credentials, query or
    /// fragment.
    pub fn parse(url: &str) -> Result<Self, Error> {
        let invalid = |why: &str| Error::InvalidArgument {
            argument: "options.baseUrl",
            message: format!("{why}; found {}", crate::input::quote(url)),
        };
        let lower = url.to_ascii_lowercase();
        let rest = ["https://", "http://"]
            .iter()
            .find_map(|scheme| lower.strip_prefix(scheme).map(|rest| (scheme.len(), rest)));
        let Some((scheme_len, rest)) = rest else {
            return Err(invalid("expected an absolute http:// or https:// URL"));
        };
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("the URL contains whitespace or control characters"));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() || authority.contains('@') {
            return Err(invalid("expected a host (and no user name or password)"));
        }
        if url.contains(['?', '#']) {
            return Err(invalid("expected no query or fragment"));
        }
        // As Graph's documentation writes the root (`https://graph.microsoft.com/v1.0`):
        // the version is the client's own (`apiVersion`), and would be doubled.
        let path = lower.trim_end_matches('/');
        if path.ends_with("/v1.0") || path.ends_with("/beta") {
            return Err(invalid(
                "expected the root without the API version, which apiVersion chooses \
                 (https://graph.microsoft.com, not https://graph.microsoft.com/v1.0)",
            ));
        }
        Ok(Self {
            origin: lower
                .get(..scheme_len + authority.len())
                .unwrap_or_default()
                .to_owned(),
            root: url.trim_end_matches('/').to_owned(),
        })
    }

    /// A cloud's root (known good, so it cannot fail).
    pub fn of_cloud(cloud: crate::cloud::Cloud) -> Self {
        let root = cloud.graph_root();
        Self {
            origin: root.to_owned(),
            root: root.to_owned(),
        }
    }

    /// The origin the token may be sent to.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The root URL.
    pub fn as_str(&self) -> &str {
        &self.root
    }

    /// Whether `url` (a nextLink from a response) is on this root's origin, so the
    /// token may follow it.
    pub fn owns(&self, url: &str) -> bool {
        let lower = url.to_ascii_lowercase();
        lower
            .strip_prefix(&self.origin)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// Checks an id that goes into the path (`configurationId`, `statusId`): Intune's
/// ids are GUIDs, and nothing that could change the path is let through.
pub fn check_id(argument: &'static str, id: &str) -> Result<(), Error> {
    match crate::validate::id_problem(id) {
        None => Ok(()),
        Some(why) => Err(Error::InvalidArgument {
            argument,
            message: format!("{why}; found {}", crate::input::quote(id)),
        }),
    }
}

/// Percent-encodes everything outside RFC 3986's unreserved characters.
pub fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}

/// The collection URL of a configuration's statuses, with an optional status id
/// or `$count` after it. Ids must have passed [`check_id`].
pub fn statuses_url(
    root: &GraphRoot,
    version: &str,
    configuration_id: &str,
    tail: Tail<'_>,
) -> String {
    let mut url = format!(
        "{}/{version}/deviceManagement/deviceConfigurations/",
        root.as_str()
    );
    encode(configuration_id, &mut url);
    url.push_str("/deviceStatuses");
    match tail {
        Tail::None => {}
        Tail::Status(id) => {
            url.push('/');
            encode(id, &mut url);
        }
        Tail::Count => url.push_str("/$count"),
    }
    url
}

/// What follows the collection in a URL.
#[derive(Clone, Copy, Debug)]
pub enum Tail<'a> {
    /// The collection itself.
    None,
    /// One status.
    Status(&'a str),
    /// `$count`.
    Count,
}

/// OData query options of a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `$top`: the page size asked for.
    pub top: Option<u32>,
    /// `$filter`, e.g. `status eq 'compliant'`.
    pub filter: Option<String>,
    /// `$select`: the properties to return.
    pub select: Vec<String>,
    /// `$orderby`, e.g. `lastReportedDateTime desc`.
    pub orderby: Option<String>,
    /// The most pages one call reads (not sent to Graph); `None` for
    /// [`DEFAULT_MAX_PAGES`]. A nextLink chain longer than this ends the call, so a
    /// server that pages forever cannot.
    pub max_pages: Option<u32>,
}

/// The most pages one list reads unless its query says otherwise: a million
/// statuses at Graph's page size of 100.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

impl ListQuery {
    /// Appends the query string (`?$top=…`) to `url`, each value percent-encoded.
    pub fn append_to(&self, url: &mut String) {
        let mut first = true;
        let mut param = |name: &str, value: &str| {
            url.push(if first { '?' } else { '&' });
            first = false;
            url.push_str(name);
            url.push('=');
            encode(value, url);
        };
        if let Some(top) = self.top {
            param("$top", &top.to_string());
        }
        if let Some(filter) = &self.filter {
            param("$filter", filter);
        }
        if !self.select.is_empty() {
            param("$select", &self.select.join(","));
        }
        if let Some(orderby) = &self.orderby {
            param("$orderby", orderby);
        }
    }
}

/// A random (version 4) UUID, formatted from 16 random bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::Cloud;

    #[test]
    fn ids_that_could_change_the_path_are_refused() {
        assert!(check_id("configurationId", "00000000-0000-0000-0000-000000000001").is_ok());
        assert!(check_id("statusId", "device_1:user").is_ok());
        for bad in [
            "", ".", "a/b", "a?b", "a#b", "a%2Fb", "..", "a..b", "a b", "a\u{0}b", "a\nb", "a\\b",
        ] {
            let err = check_id("statusId", bad).unwrap_err();
            assert!(err.to_string().starts_with("statusId: "), "{err}");
        }
    }

    #[test]
    fn urls_are_built_under_the_root_and_encoded() {
        let root = GraphRoot::of_cloud(Cloud::Global);
        assert_eq!(
            statuses_url(&root, "v1.0", "cfg-1", Tail::Status("dev:1")),
            "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/dev%3A1"
        );
        assert_eq!(
            statuses_url(&root, "beta", "c", Tail::Count),
            "https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/c/deviceStatuses/$count"
        );
        let mut url = statuses_url(&root, "v1.0", "c", Tail::None);
        ListQuery {
            top: Some(5),
            filter: Some("status eq 'compliant'".into()),
            select: vec!["id".into(), "status".into()],
            orderby: None,
            max_pages: Some(9),
        }
        .append_to(&mut url);
        assert!(url.ends_with(
            "/deviceStatuses?$top=5&$filter=status%20eq%20%27compliant%27&$select=id%2Cstatus"
        ));
    }

    #[test]
    fn each_cloud_has_its_graph_root() {
        let urls: Vec<String> = Cloud::ALL
            .into_iter()
            .map(|cloud| statuses_url(&GraphRoot::of_cloud(cloud), "v1.0", "c", Tail::None))
            .collect();
        let tail = "/v1.0/deviceManagement/deviceConfigurations/c/deviceStatuses";
        assert_eq!(
            urls,
            [
                format!("https://graph.microsoft.com{tail}"),
                format!("https://graph.microsoft.us{tail}"),
                format!("https://dod-graph.microsoft.us{tail}"),
                format!("https://microsoftgraph.chinacloudapi.cn{tail}"),
            ]
        );
    }

    #[test]
    fn base_urls_are_checked_and_next_links_must_stay_on_their_origin() {
        let root = GraphRoot::parse("http://127.0.0.1:8080/graph/").unwrap();
        assert_eq!(root.as_str(), "http://127.0.0.1:8080/graph");
        assert_eq!(root.origin(), "http://127.0.0.1:8080");
        assert!(root.owns("http://127.0.0.1:8080/graph/v1.0/x?$skiptoken=1"));
        assert!(!root.owns("http://127.0.0.1:8081/graph/v1.0/x"));
        assert!(!root.owns("http://127.0.0.1:8080.evil.example/x"));
        assert!(!root.owns("https://127.0.0.1:8080/x"));
        for bad in [
            "graph.microsoft.com",
            "ftp://x",
            "https://",
            "https://u:p@host",
            "https://h/?q",
            "https://h/ x",
            "https://graph.microsoft.com/v1.0",
            "https://graph.microsoft.com/beta/",
        ] {
            assert!(GraphRoot::parse(bad).is_err(), "{bad}");
        }
        let doubled = GraphRoot::parse("https://graph.microsoft.com/v1.0").unwrap_err();
        assert!(
            doubled.to_string().contains("without the API version"),
            "{doubled}"
        );
        let global = GraphRoot::of_cloud(Cloud::Global);
        assert!(global.owns("https://graph.microsoft.com/v1.0/deviceManagement?$skiptoken=a"));
        assert!(!global.owns("https://graph.microsoft.com.evil.example/v1.0"));
    }

    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
