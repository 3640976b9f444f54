//! Microsoft Graph's national clouds, API versions and permission scopes.
//! Reference: <https://learn.microsoft.com/graph/deployments>

/// A Graph deployment; tokens from one are not accepted by another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4, `https://graph.microsoft.us`.
    UsGovL4,
    /// US Government L5 (DOD), `https://dod-graph.microsoft.us`.
    UsGovL5Dod,
    /// China operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, in the order of the options' documentation.
    pub const ALL: [Self; 4] = [Self::Global, Self::UsGovL4, Self::UsGovL5Dod, Self::China];

    /// The names of [`Self::ALL`], space-separated, in its order: what the npm
    /// package's option check offers (a test keeps the two equal).
    pub const NAMES: &'static str = "global usGovL4 usGovL5Dod china";

    /// The name the JavaScript options use (`"usGovL5Dod"`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::UsGovL4 => "usGovL4",
            Self::UsGovL5Dod => "usGovL5Dod",
            Self::China => "china",
        }
    }

    /// The cloud with this option name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|cloud| cloud.name() == name)
    }

    /// The Graph root, without a trailing slash.
    pub const fn graph_root(self) -> &'static str {
        match self {
            Self::Global => "https://graph.microsoft.com",
            Self::UsGovL4 => "https://graph.microsoft.us",
            Self::UsGovL5Dod => "https://dod-graph.microsoft.us",
            Self::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The delegated scope for an access, written with this cloud's Graph root as
    /// Microsoft's national-cloud guidance asks.
    pub fn scope(self, access: Access) -> String {
        format!("{}/{}", self.graph_root(), access.permission())
    }
}

/// A Graph API version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `v1.0`, the stable API.
    #[default]
    V1,
    /// `beta`.
    Beta,
}

impl ApiVersion {
    /// Every version, in the order of the options' documentation.
    pub const ALL: [Self; 2] = [Self::V1, Self::Beta];

    /// The segments of [`Self::ALL`], space-separated, in its order (a test keeps
    /// the two equal).
    pub const NAMES: &'static str = "v1.0 beta";

    /// The path segment (`"v1.0"`), which is also the option's value.
    pub const fn segment(self) -> &'static str {
        match self {
            Self::V1 => "v1.0",
            Self::Beta => "beta",
        }
    }

    /// The version with this option name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.segment() == name)
    }
}

/// What an operation does to the resource, which decides the permission it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// list, get, count: `DeviceManagementConfiguration.Read.All` is enough.
    Read,
    /// create, update, delete: `DeviceManagementConfiguration.ReadWrite.All`.
    Write,
}

impl Access {
    /// The Graph permission.
    pub const fn permission(self) -> &'static str {
        match self {
            Self::Read => "DeviceManagementConfiguration.Read.All",
            Self::Write => "DeviceManagementConfiguration.ReadWrite.All",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_cloud_root() {
        assert_eq!(
            Cloud::UsGovL4.scope(Access::Write),
            "https://graph.microsoft.us/DeviceManagementConfiguration.ReadWrite.All"
        );
        assert_eq!(
            Cloud::China.scope(Access::Read),
            "https://microsoftgraph.chinacloudapi.cn/DeviceManagementConfiguration.Read.All"
        );
        for cloud in Cloud::ALL {
            assert_eq!(Cloud::from_name(cloud.name()), Some(cloud));
        }
        assert_eq!(Cloud::from_name("Global"), None);
        assert_eq!(ApiVersion::from_name("beta"), Some(ApiVersion::Beta));
        assert_eq!(ApiVersion::from_name("v1"), None);
    }

    #[test]
    fn the_names_handed_to_javascript_are_the_tables_in_order() {
        let clouds: Vec<&str> = Cloud::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(Cloud::NAMES, clouds.join(" "));
        let versions: Vec<&str> = ApiVersion::ALL.iter().map(|v| v.segment()).collect();
        assert_eq!(ApiVersion::NAMES, versions.join(" "));
    }
}
