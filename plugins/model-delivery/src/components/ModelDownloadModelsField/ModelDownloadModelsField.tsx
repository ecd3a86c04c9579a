import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  FormPersistentVolumeClaim,
  HubModelReport,
  ModelDownloadModel,
  modelDownloadModel,
  modelFieldWarnings,
} from '@model-delivery/plugin-model-delivery-common';
import { chosen, formSoFar } from '../formFields/formOptions';
import { useFormDataList } from '../formFields/useFormDataList';
import { HubModelInfo } from './HubModelInfo';
import { HubSummary } from './HubSummary';
import { hubCheckRequest, modelsFieldOptions } from './hubCheck';
import { useHubCheck } from './useHubCheck';

type Editable = keyof ModelDownloadModel;

const useStyles = makeStyles(theme => ({
  warning: { color: theme.palette.warning.dark },
}));

/** Whether a validation message (`models[1].sha: ...`) concerns this input. */
function hasError(
  rawErrors: string[] | undefined,
  index: number,
  key: Editable,
) {
  return (rawErrors ?? []).some(e => e.startsWith(`models[${index}].${key}:`));
}

function parseRetryCount(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  // Kept even when not a whole number, so that validation can say what is wrong.
  return Number(value);
}

/** The Hub's report on a row's model (asked at its default branch). */
function reportFor(
  reports: HubModelReport[],
  model: ModelDownloadModel,
): HubModelReport | undefined {
  const id = model.name?.trim();
  return reports.find(r => r.id === id && !r.revision);
}

/**
 * Edits the models of a ModelDownload: Hugging Face id, and the optional sha and
 * retryCount hf-operator only records (it downloads each model's default branch, once).
 * Returns `[{ name, sha?, retryCount? }]`. Under each row, what the Hugging Face Hub says
 * of the model at its default branch (asked with the form's token Secret) and, when a sha
 * or retry count is given, that it is not used; under the rows the models' total against
 * the chosen PersistentVolumeClaim.
 */
export function ModelDownloadModelsField(
  props: FieldExtensionComponentProps<ModelDownloadModel[]>,
) {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    disabled,
    readonly,
    idSchema,
  } = props;
  const models = formData ?? [];
  // An empty form still offers one row to type into; it is not data until typed in.
  const rows = models.length > 0 ? models : [{ name: '' }];
  const locked = disabled || readonly;
  const classes = useStyles();
  const id = idSchema?.$id ?? 'models';

  const form = formSoFar(props);
  const names = modelsFieldOptions(props.uiSchema);
  const hub = useHubCheck(
    hubCheckRequest(models, form, props.uiSchema)?.request,
  );
  const reports = hub.response?.models ?? [];
  const cluster = chosen(form, names.cluster);
  const namespace = chosen(form, names.namespace);
  const pvcName = chosen(form, names.persistentVolumeClaim);
  const pvcs = useFormDataList<FormPersistentVolumeClaim>(
    api => api.formPersistentVolumeClaims(cluster!, namespace!),
    [cluster, namespace],
  );
  const pvc = pvcs.items.find(p => p.name === pvcName);

  const update = (index: number, change: Partial<ModelDownloadModel>) => {
    const next = rows.map((model, i) =>
      i === index
        ? modelDownloadModel({ ...model, ...change })
        : modelDownloadModel(model),
    );
    onChange(next);
  };
  const remove = (index: number) => {
    onChange(rows.filter((_, i) => i !== index).map(modelDownloadModel));
  };
  const add = () => {
    onChange([...rows.map(modelDownloadModel), { name: '' }]);
  };

  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        {schema?.title ?? 'Models'}
      </Typography>
      {schema?.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {rows.map((model, index) => (
        <Box key={index}>
          <Box
            display="flex"
            alignItems="flex-start"
            gridGap={8}
            mt={1}
            role="group"
            aria-label={`Model ${index + 1}`}
          >
            <TextField
              id={`${id}-${index}-name`}
              label="Hugging Face model id"
              placeholder="google/gemma-2-2b-it"
              required
              value={model.name ?? ''}
              error={hasError(rawErrors, index, 'name')}
              disabled={locked}
              onChange={e => update(index, { name: e.target.value })}
              style={{ flex: 3 }}
            />
            <TextField
              id={`${id}-${index}-sha`}
              label="sha (recorded only, not downloaded)"
              value={model.sha ?? ''}
              error={hasError(rawErrors, index, 'sha')}
              disabled={locked}
              onChange={e => update(index, { sha: e.target.value })}
              style={{ flex: 2 }}
            />
            <TextField
              id={`${id}-${index}-retryCount`}
              label="retryCount (recorded only, no retries)"
              type="number"
              inputProps={{ min: 0, step: 1 }}
              value={model.retryCount ?? ''}
              error={hasError(rawErrors, index, 'retryCount')}
              disabled={locked}
              onChange={e =>
                update(index, { retryCount: parseRetryCount(e.target.value) })
              }
              style={{ flex: 1 }}
            />
            <IconButton
              aria-label={`Remove model ${index + 1}`}
              disabled={locked || models.length === 0}
              onClick={() => remove(index)}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
          <HubModelInfo
            index={index}
            report={reportFor(reports, model)}
            checking={hub.checking && !!model.name?.trim()}
          />
          {modelFieldWarnings(model).map(warning => (
            <Typography
              key={warning}
              variant="caption"
              component="p"
              role="note"
              aria-label={`Warning: model ${index + 1}`}
              className={classes.warning}
            >
              {warning}
            </Typography>
          ))}
        </Box>
      ))}
      <HubSummary
        response={hub.response}
        error={hub.error}
        reports={rows
          .map(model => reportFor(reports, model))
          .filter((r): r is HubModelReport => !!r)}
        pvc={pvc}
      />
      <Box mt={1}>
        <Button startIcon={<AddIcon />} onClick={add} disabled={locked}>
          Add model
        </Button>
      </Box>
    </Box>
  );
}
