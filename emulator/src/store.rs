//! The emulator's statuses, in memory: per configuration, in creation order. Ids
//! compare as Graph's keys do, ignoring ASCII case (they are GUID-like).

use intune_device_status::DeviceConfigurationDeviceStatus;
use std::collections::HashMap;

#[derive(Default)]
pub struct Store {
    configurations: HashMap<String, Vec<DeviceConfigurationDeviceStatus>>,
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
        let id = status.id.as_deref().unwrap_or_default();
        if self.statuses(configuration).iter().any(|s| same(s, id)) {
            return Err(Exists);
        }
        self.configurations
            .entry(configuration.to_owned())
            .or_default()
            .push(status);
        Ok(())
    }

    pub fn remove(&mut self, configuration: &str, id: &str) -> bool {
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
