//! The emulator's statuses, in memory: per configuration, in creation order. Ids
//! compare as Graph's keys do, ignoring ASCII case (they are GUID-like).

use intune_device_status::DeviceConfigurationDeviceStatus;
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct Store {
    configurations: HashMap<String, Vec<DeviceConfigurationDeviceStatus>>,
    /// Every stored id, by configuration and lower-cased id, so a create checks
    /// for a duplicate without reading every status (benchmarks create tens of
    /// thousands in one configuration).
    ids: HashSet<(String, String)>,
    /// beta's `platform` (`Edm.Int32`, not in v1.0) of the statuses that were
    /// given one, by configuration and lower-cased id.
    platforms: HashMap<(String, String), i32>,
}

/// Why a create was refused.
pub struct Exists;

impl Store {
    /// The configuration's statuses (every configuration exists, maybe empty).
    pub fn statuses(&self, configuration: &str) -> &[DeviceConfigurationDeviceStatus] {
        self.configurations
            .get(configuration)
            .map_or(&[], Vec::as_slice)
    }

    pub fn get(&self, configuration: &str, id: &str) -> Option<&DeviceConfigurationDeviceStatus> {
        self.statuses(configuration).iter().find(|s| same(s, id))
    }

    pub fn get_mut(
        &mut self,
        configuration: &str,
        id: &str,
    ) -> Option<&mut DeviceConfigurationDeviceStatus> {
        self.configurations
            .get_mut(configuration)?
            .iter_mut()
            .find(|s| same(s, id))
    }

    /// Stores a status that has an id; refuses a second one with the same id.
    pub fn insert(
        &mut self,
        configuration: &str,
        status: DeviceConfigurationDeviceStatus,
    ) -> Result<(), Exists> {
        let key = (
            configuration.to_owned(),
            status
                .id
                .as_deref()
                .unwrap_or_default()
                .to_ascii_lowercase(),
        );
        if !self.ids.insert(key) {
            return Err(Exists);
        }
        self.configurations
            .entry(configuration.to_owned())
            .or_default()
            .push(status);
        Ok(())
    }

    /// beta's `platform` of a status: 0 unless one was given (it is not nullable).
    pub fn platform(&self, configuration: &str, id: &str) -> i32 {
        let key = (configuration.to_owned(), id.to_ascii_lowercase());
        self.platforms.get(&key).copied().unwrap_or(0)
    }

    pub fn set_platform(&mut self, configuration: &str, id: &str, platform: i32) {
        let key = (configuration.to_owned(), id.to_ascii_lowercase());
        self.platforms.insert(key, platform);
    }

    pub fn remove(&mut self, configuration: &str, id: &str) -> bool {
        let key = (configuration.to_owned(), id.to_ascii_lowercase());
        self.platforms.remove(&key);
        self.ids.remove(&key);
        let Some(statuses) = self.configurations.get_mut(configuration) else {
            return false;
        };
        let before = statuses.len();
        statuses.retain(|s| !same(s, id));
        statuses.len() != before
    }
}

/// Whether `status` has the id `id`, as Graph compares keys.
fn same(status: &DeviceConfigurationDeviceStatus, id: &str) -> bool {
    status
        .id
        .as_deref()
        .is_some_and(|own| own.eq_ignore_ascii_case(id))
}
