{{/* Names */}}
{{- define "modvault.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "modvault.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "modvault.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "modvault.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modvault.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "modvault.labels" -}}
helm.sh/chart: {{ include "modvault.chart" . }}
{{ include "modvault.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: modvault
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "modvault.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "modvault.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "modvault.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The chart-managed Secret's name */}}
{{- define "modvault.secretName" -}}
{{- include "modvault.fullname" . }}
{{- end }}

{{/*
Checks values that the schema cannot express; every failure names the values to change.
Included by the Deployment, so `helm template` and `helm install` both stop on it.
*/}}
{{- define "modvault.validate" -}}
{{- $v := .Values }}
{{- if eq $v.storage.type "disk" }}
{{- if gt (int $v.replicaCount) 1 }}
{{- fail (printf "storage.type=disk supports a single replica (replicaCount is %d): the store is a ReadWriteOnce volume that only one pod can mount. Set replicaCount to 1, or use storage.type s3 or azure to run several replicas." (int $v.replicaCount)) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
{{- fail "storage.type=disk supports a single replica, so autoscaling.enabled must be false: the store is a ReadWriteOnce volume that only one pod can mount. Use storage.type s3 or azure to autoscale." }}
{{- end }}
{{- end }}
{{- if eq $v.storage.type "s3" }}
{{- if not $v.storage.s3.bucket }}
{{- fail "storage.type=s3 needs storage.s3.bucket" }}
{{- end }}
{{- if and (eq $v.storage.s3.sse "kms") (not $v.storage.s3.kmsKeyId) }}
{{- fail "storage.s3.sse=kms needs storage.s3.kmsKeyId" }}
{{- end }}
{{- if eq $v.storage.s3.credentials "static" }}
{{- if and (not $v.storage.s3.existingSecret) (or (not $v.storage.s3.accessKey) (not $v.storage.s3.secretKey)) }}
{{- fail "storage.s3.credentials=static needs storage.s3.accessKey and storage.s3.secretKey, or storage.s3.existingSecret" }}
{{- end }}
{{- else }}
{{- if or $v.storage.s3.accessKey $v.storage.s3.secretKey $v.storage.s3.existingSecret }}
{{- fail "storage.s3.accessKey, storage.s3.secretKey and storage.s3.existingSecret are used only with storage.s3.credentials=static" }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq $v.storage.type "azure" }}
{{- $az := $v.storage.azure }}
{{- if not $az.container }}
{{- fail "storage.type=azure needs storage.azure.container" }}
{{- end }}
{{- if and (ne $az.auth "connection-string") (not $az.endpoint) (not $az.accountName) }}
{{- fail (printf "storage.azure.auth=%s needs storage.azure.endpoint or storage.azure.accountName" $az.auth) }}
{{- end }}
{{- if and (eq $az.auth "workload-identity") (not $az.workloadIdentity.clientId) }}
{{- fail "storage.azure.auth=workload-identity needs storage.azure.workloadIdentity.clientId (the managed identity's client id)" }}
{{- end }}
{{- if not $az.existingSecret }}
{{- if and (eq $az.auth "connection-string") (not $az.connectionString) }}
{{- fail "storage.azure.auth=connection-string needs storage.azure.connectionString or storage.azure.existingSecret" }}
{{- end }}
{{- if and (eq $az.auth "account-key") (not $az.accountKey) }}
{{- fail "storage.azure.auth=account-key needs storage.azure.accountKey or storage.azure.existingSecret" }}
{{- end }}
{{- if and (eq $az.auth "sas") (not $az.sasToken) }}
{{- fail "storage.azure.auth=sas needs storage.azure.sasToken or storage.azure.existingSecret" }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $v.database.url (not $v.database.existingSecret) (not $v.database.password) }}
{{- fail "database.url needs database.password or database.existingSecret" }}
{{- end }}
{{- if le (int $v.terminationGracePeriodSeconds) (add (int $v.gracefulShutdownSeconds) (int $v.preStopSleepSeconds)) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + gracefulShutdownSeconds (%d), or in-flight downloads are killed" (int $v.terminationGracePeriodSeconds) (add (int $v.gracefulShutdownSeconds) (int $v.preStopSleepSeconds))) }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- end }}

{{/* Replicas that run at the least: decides whether a PodDisruptionBudget makes sense */}}
{{- define "modvault.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ int .Values.autoscaling.minReplicas }}{{ else }}{{ int .Values.replicaCount }}{{ end }}
{{- end }}

{{/*
Secret-backed settings: a list of {env, key, value, secret} where value is the inline value (goes into the chart's
Secret) and secret the existing Secret to read instead. Only what the chosen storage / database / admin API / token
hashing needs.
*/}}
{{- define "modvault.secretEnv" -}}
{{- $v := .Values }}
{{- $own := include "modvault.secretName" . }}
{{- $items := list }}
{{- if $v.database.url }}
{{- $items = append $items (dict "env" "SPRING_DATASOURCE_PASSWORD" "key" $v.database.existingSecretPasswordKey "value" $v.database.password "secret" $v.database.existingSecret) }}
{{- end }}
{{- if and (eq $v.storage.type "s3") (eq $v.storage.s3.credentials "static") }}
{{- $s3 := $v.storage.s3 }}
{{- $items = append $items (dict "env" "MODVAULT_STORAGE_S3_ACCESS_KEY" "key" $s3.existingSecretAccessKeyKey "value" $s3.accessKey "secret" $s3.existingSecret) }}
{{- $items = append $items (dict "env" "MODVAULT_STORAGE_S3_SECRET_KEY" "key" $s3.existingSecretSecretKeyKey "value" $s3.secretKey "secret" $s3.existingSecret) }}
{{- end }}
{{- if eq $v.storage.type "azure" }}
{{- $az := $v.storage.azure }}
{{- if eq $az.auth "connection-string" }}
{{- $items = append $items (dict "env" "MODVAULT_STORAGE_AZURE_CONNECTION_STRING" "key" $az.existingSecretConnectionStringKey "value" $az.connectionString "secret" $az.existingSecret) }}
{{- else if eq $az.auth "account-key" }}
{{- $items = append $items (dict "env" "MODVAULT_STORAGE_AZURE_ACCOUNT_KEY" "key" $az.existingSecretAccountKeyKey "value" $az.accountKey "secret" $az.existingSecret) }}
{{- else if eq $az.auth "sas" }}
{{- $items = append $items (dict "env" "MODVAULT_STORAGE_AZURE_SAS_TOKEN" "key" $az.existingSecretSasTokenKey "value" $az.sasToken "secret" $az.existingSecret) }}
{{- end }}
{{- end }}
{{- if or $v.admin.bootstrapToken $v.admin.existingSecret }}
{{- $items = append $items (dict "env" "MODVAULT_ADMIN_BOOTSTRAP_TOKEN" "key" $v.admin.existingSecretKey "value" $v.admin.bootstrapToken "secret" $v.admin.existingSecret) }}
{{- end }}
{{- if or $v.auth.tokenHashKey $v.auth.existingSecret }}
{{- $items = append $items (dict "env" "MODVAULT_AUTH_TOKEN_HASH_KEY" "key" $v.auth.existingSecretTokenHashKeyKey "value" $v.auth.tokenHashKey "secret" $v.auth.existingSecret) }}
{{- end }}
{{- $out := list }}
{{- range $items }}
{{- $out = append $out (dict "env" .env "key" .key "value" .value "secret" (default $own .secret) "own" (not .secret)) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/* One application.properties line; backslashes and line breaks escaped */}}
{{- define "modvault.property" -}}
{{ .name }}={{ toString .value | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}

{{/* Label matchers for the alerts */}}
{{- define "modvault.alertSelector" -}}
{{- if .Values.metrics.prometheusRule.selector }}
{{- .Values.metrics.prometheusRule.selector }}
{{- else }}
{{- printf "namespace=%q,job=%q" .Release.Namespace (include "modvault.fullname" .) }}
{{- end }}
{{- end }}
