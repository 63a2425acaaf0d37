export { defineProject, isProjectDefinition, ProjectDefinition, ProjectDefinitionError, ProjectInfra, ProjectProps } from './define-project';
export { EnvironmentFileError, loadEnvironmentFiles, mergeSettings, SettingSource, SourcedEnvironment } from './environment-files';
export { Project, resolveProject } from './project';
